import type { ResourceRule } from "../types";
import { TYPES } from "../../../model/type-tokens";

/** AWS managed policies that only read: what an alert channel may be capped at. */
export const READ_ONLY_GUARDRAILS = [
  "arn:aws:iam::aws:policy/ReadOnlyAccess",
  "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
] as const;

export const slackReadOnlyGuardrail: ResourceRule = {
  kind: "resource",
  name: "slack-read-only-guardrail",
  description:
    "Checks that every AWS Chatbot Slack channel is capped by read-only guardrail policies and requires each member's own permissions, because without a guardrail anyone in the channel may act with the channel role's full permissions.",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.slackChannel],
  validate(resource) {
    const subject = `Slack channel configuration ${String(resource.props["configurationName"] ?? resource.name)}`;
    const guardrails = Array.isArray(resource.props["guardrailPolicyArns"]) ? resource.props["guardrailPolicyArns"].map(String) : [];
    const problems: string[] = [];
    if (guardrails.length === 0) {
      problems.push(`${subject} has no guardrailPolicyArns: AWS then caps nothing. Set guardrailPolicyArns: ["${READ_ONLY_GUARDRAILS[1]}"].`);
    }
    const writable = guardrails.filter((arn) => !(READ_ONLY_GUARDRAILS as readonly string[]).includes(arn));
    if (writable.length > 0) {
      problems.push(`${subject} is capped by ${writable.join(", ")}, which is not one of the read-only policies (${READ_ONLY_GUARDRAILS.join(", ")}): an alert channel only needs to read.`);
    }
    if (resource.props["userAuthorizationRequired"] !== true) {
      problems.push(`${subject} lets members act with the channel's role: set userAuthorizationRequired: true so each member's own IAM permissions apply.`);
    }
    return problems;
  },
};
