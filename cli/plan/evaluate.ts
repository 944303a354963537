import type { Enforcement, Rule, RuleResource } from "../../policies/rules/types";
import type { ProgramRun } from "./engine";
import { unwrapProps } from "./values";

export interface PlanViolation {
  policy: string;
  enforcement: Enforcement;
  /** The resource at fault; undefined for stack-wide findings. */
  urn?: string;
  message: string;
}

/**
 * Evaluates the pack's rules the way CrossGuard does: resource rules once per resource of their types, on its inputs;
 * stack rules once, on every resource's state. Secrets are unwrapped, as the engine hands them to policies.
 */
export function evaluate(run: ProgramRun, rules: readonly Rule[]): PlanViolation[] {
  const inputs: RuleResource[] = run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: unwrapProps(r.inputs), protect: r.protect, parent: r.parent }));
  const state: RuleResource[] = run.resources.map((r, i) => ({ ...(inputs[i] as RuleResource), props: unwrapProps(r.outputs) }));
  const violations: PlanViolation[] = [];
  for (const rule of rules) {
    const base = { policy: rule.name, enforcement: rule.enforcementLevel };
    if (rule.kind === "resource") {
      for (const resource of inputs) {
        if (!rule.resourceTypes.includes(resource.type)) continue;
        for (const message of rule.validate(resource)) violations.push({ ...base, urn: resource.urn, message });
      }
    } else {
      for (const v of rule.validate(state)) violations.push({ ...base, ...v });
    }
  }
  // Mandatory first, then in rule order.
  return violations.sort((a, b) => Number(a.enforcement === "advisory") - Number(b.enforcement === "advisory"));
}
