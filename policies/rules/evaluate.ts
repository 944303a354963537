import type { PlannedResource } from "../../model/resource";
import { isPending, type Enforcement, type Rule } from "./types";

/**
 * How the engine applies the rules, in one place for the pack and the offline plan: resource rules once per resource
 * of their types, on its inputs (Analyze, before the resource is created); stack rules once, on every resource's state
 * (AnalyzeStack). Pending checks are kept apart from violations.
 */

export interface RuleViolation {
  policy: string;
  enforcement: Enforcement;
  /** The resource at fault; undefined for stack-wide findings. */
  urn?: string;
  message: string;
}

export interface RulePending {
  policy: string;
  urn?: string;
  message: string;
}

export interface Verdicts {
  violations: RuleViolation[];
  pending: RulePending[];
}

/** The advisory policy through which the pack reports what waits for values made at create (stack rules too). */
export const PENDING_POLICY = {
  name: "checks-pending-until-created",
  description:
    "Lists the checks that wait for values a provider makes when it creates a resource (ids, ARNs, SES DKIM tokens, generated secrets): they are neither passed nor failed on a first preview, and run on the next preview or `pulumi up`.",
  enforcementLevel: "advisory",
} as const;

export function evaluateRules(rules: readonly Rule[], inputs: readonly PlannedResource[], state: readonly PlannedResource[]): Verdicts {
  const verdicts: Verdicts = { violations: [], pending: [] };
  for (const rule of rules) {
    const base = { policy: rule.name, enforcement: rule.enforcementLevel };
    if (rule.kind === "resource") {
      for (const resource of inputs) {
        if (!rule.resourceTypes.includes(resource.type)) continue;
        for (const finding of rule.validate(resource)) {
          if (isPending(finding)) verdicts.pending.push({ policy: rule.name, urn: finding.urn ?? resource.urn, message: finding.message });
          else verdicts.violations.push({ ...base, urn: resource.urn, message: finding });
        }
      }
    } else {
      for (const finding of rule.validate(state)) {
        if (isPending(finding)) verdicts.pending.push({ policy: rule.name, ...(finding.urn === undefined ? {} : { urn: finding.urn }), message: finding.message });
        else verdicts.violations.push({ ...base, ...(finding.urn === undefined ? {} : { urn: finding.urn }), message: finding.message });
      }
    }
  }
  // Mandatory first, then in rule order.
  verdicts.violations.sort((a, b) => Number(a.enforcement === "advisory") - Number(b.enforcement === "advisory"));
  return verdicts;
}
