import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { rules } from "./rules";
import { evaluateRules, PENDING_POLICY, pendingMessage } from "./rules/evaluate";
import { UNKNOWN, type PlannedResource } from "../model/resource";
import type { Rule } from "./rules/types";

// Adapts the pure rules of ./rules to CrossGuard policies; the offline plan evaluates the same rules directly.

/**
 * A plain copy of what @pulumi/policy hands a policy. Its props are a proxy that throws on every unknown value (and
 * the whole policy is then reported as "can't run during preview"); reading each property once, here, turns each
 * unknown into the rules' UNKNOWN marker instead, so a rule decides from what is known.
 */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const read = (key: string | number) => {
    try {
      return plain((value as Record<string | number, unknown>)[key]);
    } catch {
      // The proxy's get trap throws only for an unknown value.
      return UNKNOWN;
    }
  };
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(i));
  return Object.fromEntries(Object.keys(value).map((key) => [key, read(key)]));
}

const toRuleResource = (r: ResourceValidationArgs | PolicyResource): PlannedResource => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
  props: plain(r.props) as Record<string, unknown>,
  protect: r.opts.protect,
  parent: r.opts.parent,
  ...("propertyDependencies" in r
    ? { dependsOn: Object.fromEntries(Object.entries(r.propertyDependencies).map(([prop, deps]) => [prop, deps.map((d) => d.urn)])) }
    : {}),
});

/**
 * The rules the runtime has run since the pending checks were last listed. A policy pack config can disable a policy,
 * and @pulumi/policy then skips it but tells no other policy (each reads only its own config): the calls show which
 * rules are on. Analyze runs every enabled resource policy on each resource, then AnalyzeStack the enabled stack
 * policies in order, the pending checks last.
 */
const rulesRun = new Set<string>();

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const { name, description, enforcementLevel } = rule;
  if (rule.kind === "resource") {
    return {
      name,
      description,
      enforcementLevel,
      validateResource: (args, reportViolation) => {
        rulesRun.add(name);
        if (!rule.resourceTypes.includes(args.type)) return;
        for (const v of evaluateRules([rule], [toRuleResource(args)], []).violations) reportViolation(v.message);
      },
    };
  }
  return {
    name,
    description,
    enforcementLevel,
    validateStack: (args, reportViolation) => {
      rulesRun.add(name);
      for (const v of evaluateRules([rule], [], args.resources.map(toRuleResource)).violations) reportViolation(v.message, v.urn);
    },
  };
}

/**
 * What every enabled rule leaves pending, reported as advisories so a first preview says what it could not check yet.
 * It runs on the stack's state, where each resource also carries its inputs, so resource rules see what Analyze saw.
 */
const pendingPolicy: StackValidationPolicy = {
  ...PENDING_POLICY,
  validateStack: (args, reportViolation) => {
    const state = args.resources.map(toRuleResource);
    const enabled = rules.filter((r) => rulesRun.has(r.name));
    rulesRun.clear();
    for (const p of evaluateRules(enabled, state, state).pending) reportViolation(pendingMessage(p), p.urn);
  },
};

/** The pack's policies: one per rule, in the rules' order, then the pending checks. */
export const policies = [...rules.map(toPolicy), pendingPolicy];
