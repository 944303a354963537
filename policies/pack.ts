import {
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { rules } from "./rules";
import type { Rule, RuleResource } from "./rules/types";

// Adapts the pure rules of ./rules to CrossGuard policies; the offline plan evaluates the same rules directly.

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

/** The pack's policies: one per rule, in the rules' order. */
export const policies = rules.map(toPolicy);
