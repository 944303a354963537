import { evaluateRules, type RuleViolation, type Verdicts } from "../../policies/rules/evaluate";
import type { PlannedResource } from "../../model/resource";
import type { Rule } from "../../policies/rules/types";
import type { CapturedResource, ProgramRun } from "./engine";
import { unwrapProps } from "./values";

export type PlanViolation = RuleViolation;

/** A captured resource as resource rules see it: its inputs, secrets unwrapped and unknowns marked, as the pack does. */
export const asRuleInput = (r: CapturedResource): PlannedResource => ({ urn: r.urn, type: r.type, name: r.name, props: unwrapProps(r.inputs), protect: r.protect, parent: r.parent });
/** A captured resource as stack rules see it: its state, with the dependencies of each input property. */
export const asRuleState = (r: CapturedResource): PlannedResource => ({ ...asRuleInput(r), props: unwrapProps(r.outputs), dependsOn: r.propertyDependencies });

/** Evaluates the pack's rules on a program run the way CrossGuard does (policies/rules/evaluate.ts). */
export function evaluate(run: ProgramRun, rules: readonly Rule[]): Verdicts {
  return evaluateRules(rules, run.resources.map(asRuleInput), run.resources.map(asRuleState));
}
