import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { CloudflarePlan } from "../lib/cloudflare-plans";
import { EDGE_ALERTS, webhooksAllowed } from "../lib/edge-alerts";

export interface EdgeAlertsArgs {
  accountId: string;
  domain: string;
  stack: string;
  plan: CloudflarePlan;
  emails: readonly string[];
  /** Who answers edge alerts: named in each notification. */
  owner: string;
  /** A Slack incoming webhook URL (secret); only on Pro and up. */
  slackWebhookUrl?: pulumi.Output<string>;
}

/** Splits a Slack webhook URL so its secret last segment goes into `secret` (Cloudflare joins them; the URL then never drifts). */
function slackWebhookParts(url: string): { url: string; secret: string } {
  const cut = url.lastIndexOf("/");
  return { url: url.slice(0, cut), secret: url.slice(cut + 1) };
}

/**
 * The Cloudflare notifications the zone's plan offers, to the alert addresses and, on Pro and up when a Slack
 * webhook is set, to Slack. Only the mechanism lists in use are set: an empty list (pagerduty = []) is read back
 * differently and drifts on every preview (cloudflare/terraform-provider-cloudflare#7342).
 */
export class EdgeAlerts extends pulumi.ComponentResource {
  constructor(name: string, args: EdgeAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:EdgeAlerts", name, {}, opts);
    if (args.slackWebhookUrl !== undefined && !webhooksAllowed(args.plan)) {
      throw new Error(`Cloudflare webhooks need a Pro (or higher) zone in the account; this zone is on ${args.plan}. Leave monitoring.slack.cloudflareWebhook false.`);
    }

    const parts = args.slackWebhookUrl?.apply(slackWebhookParts);
    const webhook =
      parts === undefined
        ? undefined
        : new cloudflare.NotificationPolicyWebhooks(
            `${name}-slack`,
            { accountId: args.accountId, name: `Slack: ${args.domain} (${args.stack})`, url: parts.url, secret: pulumi.secret(parts.secret) },
            { parent: this },
          );

    for (const alert of EDGE_ALERTS.filter((a) => a.plans.includes(args.plan))) {
      new cloudflare.NotificationPolicy(
        `${name}-${alert.role}`,
        {
          accountId: args.accountId,
          name: `${args.domain} (${args.stack}): ${alert.role}`,
          alertType: alert.alertType,
          enabled: true,
          description: `${alert.description} Owner: ${args.owner}.`,
          mechanisms: {
            emails: args.emails.map((id) => ({ id })),
            ...(webhook === undefined ? {} : { webhooks: [{ id: webhook.id }] }),
          },
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
