import type { RulePending, RuleViolation, Verdicts } from "../../model/plan-document";
import type { PlannedResource } from "../../model/resource";
import type { EnforcementLevel } from "../policy-config";
import { isPending, type Rule } from "./types";

/**
 * How the engine applies the rules, in one place for the pack and the offline plan: resource rules once per resource
 * of their types, on its inputs (Analyze, before the resource is created); stack rules once, on every resource's state
 * (AnalyzeStack). Pending checks are kept apart from violations.
 */

// The findings are written into the plan document as they are: their shape is the document's (model/plan-document.ts).
export type { RulePending, RuleViolation, Verdicts };

/** The advisory policy through which the pack reports what waits for values made at create (stack rules too). */
export const PENDING_POLICY = {
  name: "checks-pending-until-created",
  description:
    "Lists the checks that wait for values a provider makes when it creates a resource (ids, ARNs, SES DKIM tokens, generated secrets): they are neither passed nor failed on a first preview, and run on the next preview or `pulumi up`.",
  enforcementLevel: "advisory",
} as const;

/** How the pending checks' policy words one pending check: the rule's name, then what it waits for. */
export const pendingMessage = (p: RulePending): string => `${p.policy}: ${p.message}`;

/**
 * The rules' findings, with the pending checks as their policy reports them at `pendingLevel` (a policy pack config
 * may set it): listed apart when advisory, not at all when disabled, and otherwise as mandatory violations (a stack
 * policy cannot remediate, so @pulumi/policy reports "remediate" as mandatory).
 */
export function evaluateRules(
  rules: readonly Rule[],
  inputs: readonly PlannedResource[],
  state: readonly PlannedResource[],
  pendingLevel: EnforcementLevel = PENDING_POLICY.enforcementLevel,
): Verdicts {
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
  if (pendingLevel !== "advisory") {
    if (pendingLevel !== "disabled") {
      const blocking = verdicts.pending.map((p) => ({ policy: PENDING_POLICY.name, enforcement: "mandatory" as const, ...(p.urn === undefined ? {} : { urn: p.urn }), message: pendingMessage(p) }));
      verdicts.violations.push(...blocking);
    }
    verdicts.pending = [];
  }
  // Mandatory first, then in rule order.
  verdicts.violations.sort((a, b) => Number(a.enforcement === "advisory") - Number(b.enforcement === "advisory"));
  return verdicts;
}
