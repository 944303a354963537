import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../lib/iam";
import { stackSlug } from "../lib/uptime";

/**
 * Read-only is all an alert channel needs: Chatbot posts the alarms and lets members look at graphs. Without a
 * guardrail a channel's role is capped by nothing (AdministratorAccess, in AWS's words) [monitoring.md §C].
 */
export const SLACK_GUARDRAIL_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

export interface SlackAlertsArgs {
  domain: string;
  stack: string;
  /** The Slack workspace (authorised in the Chatbot console) and the channel the alerts go to. */
  slack: { workspaceId: string; channelId: string };
  /** Every alert topic (any region: Chatbot subscribes to each). */
  topicArns: pulumi.Input<string>[];
}

/**
 * The alert topics posted to one Slack channel through AWS Chatbot. The workspace must have been authorised once in
 * the Chatbot console (a person's step, listed in the handover); until then AWS refuses the configuration.
 */
export class SlackAlerts extends pulumi.ComponentResource {
  public readonly configurationArn: pulumi.Output<string>;

  constructor(name: string, args: SlackAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:SlackAlerts", name, {}, opts);

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: stackSlug(args.domain, args.stack, "slack-alerts", 64),
        description: `AWS Chatbot posts the alerts of ${args.domain} (stack ${args.stack}) to Slack with this role: read-only.`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("chatbot.amazonaws.com")),
      },
      { parent: this },
    );
    new aws.iam.RolePolicyAttachment(`${name}-role-read-only`, { role: role.name, policyArn: SLACK_GUARDRAIL_POLICY_ARN }, { parent: this });

    const channel = new aws.chatbot.SlackChannelConfiguration(
      `${name}-channel`,
      {
        configurationName: stackSlug(args.domain, args.stack, "alerts", 128),
        slackTeamId: args.slack.workspaceId,
        slackChannelId: args.slack.channelId,
        iamRoleArn: role.arn,
        snsTopicArns: args.topicArns,
        guardrailPolicyArns: [SLACK_GUARDRAIL_POLICY_ARN],
        // Members act with their own IAM permissions, never the channel's.
        userAuthorizationRequired: true,
        loggingLevel: "ERROR",
      },
      { parent: this },
    );

    this.configurationArn = channel.chatConfigurationArn;
    this.registerOutputs({ configurationArn: this.configurationArn });
  }
}
