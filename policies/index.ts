import {
  PolicyPack,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { rules } from "./rules";
import type { Rule, RuleResource } from "./rules/types";

// Only assembles the pack: every rule lives in ./rules as a pure function, evaluated the same way by the offline plan.
// Constructing a PolicyPack starts the analyzer server, so tests import ./rules, never this file.

const toRuleResource = (r: ResourceValidationArgs | PolicyResource): RuleResource => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
  props: r.props,
  protect: r.opts.protect,
  parent: r.opts.parent,
});

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const { name, description, enforcementLevel } = rule;
  if (rule.kind === "resource") {
    return {
      name,
      description,
      enforcementLevel,
      validateResource: (args, reportViolation) => {
        if (!rule.resourceTypes.includes(args.type)) return;
        for (const message of rule.validate(toRuleResource(args))) reportViolation(message);
      },
    };
  }
  return {
    name,
    description,
    enforcementLevel,
    validateStack: (args, reportViolation) => {
      for (const v of rule.validate(args.resources.map(toRuleResource))) reportViolation(v.message, v.urn);
    },
  };
}

export const policies = rules.map(toPolicy);

new PolicyPack("launch-ready", { policies });
