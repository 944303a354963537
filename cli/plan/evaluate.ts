import { readFileSync } from "node:fs";
import { evaluateRules, PENDING_POLICY, type RuleViolation, type Verdicts } from "../../policies/rules/evaluate";
import { parsePolicyConfig, policyLevels, PolicyConfigError, type EnforcementLevel, type PolicyLevels } from "../../policies/policy-config";
import type { PlannedResource } from "../../model/resource";
import type { Rule } from "../../policies/rules/types";
import { UsageError } from "../usage-error";
import type { CapturedResource, ProgramRun } from "./engine";
import { unwrapProps } from "./values";

export type PlanViolation = RuleViolation;

/** A captured resource as resource rules see it: its inputs, secrets unwrapped and unknowns marked, as the pack does. */
export const asRuleInput = (r: CapturedResource): PlannedResource => ({ urn: r.urn, type: r.type, name: r.name, props: unwrapProps(r.inputs), protect: r.protect, parent: r.parent });
/** A captured resource as stack rules see it: its state, with the dependencies of each input property. */
export const asRuleState = (r: CapturedResource): PlannedResource => ({ ...asRuleInput(r), props: unwrapProps(r.outputs), dependsOn: r.propertyDependencies });

/**
 * Evaluates the pack's rules on a program run the way CrossGuard does (policies/rules/evaluate.ts), with the pending
 * checks reported at `pendingLevel`, the level of the pack's checks-pending-until-created.
 */
export function evaluate(run: ProgramRun, rules: readonly Rule[], pendingLevel: EnforcementLevel = PENDING_POLICY.enforcementLevel): Verdicts {
  return evaluateRules(rules, run.resources.map(asRuleInput), run.resources.map(asRuleState), pendingLevel);
}

/** The pack as a policy pack config leaves it: the rules that run, each at its level, and the pending checks' level. */
export interface ConfiguredPack {
  rules: readonly Rule[];
  pendingLevel: EnforcementLevel;
}

/**
 * Applies policy levels as @pulumi/policy applies those the CLI sends it (sdk/nodejs/policy/server.ts): a disabled
 * policy does not run, and "remediate" reports as mandatory, since no rule here remediates. Without levels, the pack
 * as it is.
 */
export function configuredPack(rules: readonly Rule[], levels?: PolicyLevels): ConfiguredPack {
  const levelOf = (name: string, own: EnforcementLevel) => levels?.get(name) ?? own;
  const reported = (level: EnforcementLevel) => (level === "remediate" ? "mandatory" : level);
  return {
    rules: rules.flatMap((rule) => {
      const level = reported(levelOf(rule.name, rule.enforcementLevel));
      return level === "disabled" ? [] : [{ ...rule, enforcementLevel: level }];
    }),
    pendingLevel: levelOf(PENDING_POLICY.name, PENDING_POLICY.enforcementLevel),
  };
}

/**
 * Reads `--policy-config FILE`, the file `pulumi preview --policy-pack policies --policy-pack-config FILE` takes:
 * every policy's level after it, or a UsageError that says what is wrong and what is allowed.
 */
export function readPolicyConfig(file: string, rules: readonly Rule[]): PolicyLevels {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`--policy-config ${file}: the file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Give the path of a policy pack config file, e.g. policy-config.json.`);
  }
  const policies = [...rules, PENDING_POLICY];
  try {
    return policyLevels(policies, parsePolicyConfig(text, file, policies.map((p) => p.name)));
  } catch (err) {
    if (err instanceof PolicyConfigError) throw new UsageError(err.message);
    throw err;
  }
}
