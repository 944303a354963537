import { describe, expect, it } from "vitest";
import { SLACK_GUARDRAIL_POLICY_ARN, SlackAlerts } from "../../components/slack-alerts";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent } from "../helpers/component";

// Constructed with its own Args; the whole program's Slack wiring is tested in flow-checks.test.ts.
describe("SlackAlerts, constructed directly", () => {
  it("posts every topic to one channel with a read-only role, a read-only guardrail and each member's own permissions", async () => {
    const topicArns = ["arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:eu-west-1:123456789012:b"];
    const stack = await runComponent(() => new SlackAlerts("slack", { domain: "example.com", stack: "prod", slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" }, topicArns }));
    expect(childTypes(stack, "launch-ready:monitoring:SlackAlerts")).toEqual({ "aws:iam/role:Role": 1, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1, [TYPES.slackChannel]: 1 });
    const role = stack.inputs(stack.named("slack-role"));
    expect(JSON.parse(String(role["assumeRolePolicy"]))).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    expect(stack.inputs(stack.named("slack-role-read-only"))["policyArn"]).toBe(SLACK_GUARDRAIL_POLICY_ARN);
    expect(stack.inputs(stack.named("slack-channel"))).toMatchObject({
      slackTeamId: "T07EA123LEP",
      slackChannelId: "C07EZ1ABC23",
      snsTopicArns: topicArns,
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"],
      userAuthorizationRequired: true,
    });
  });
});
