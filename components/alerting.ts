import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import { AWAITING_CONFIRMATION, CONFIRMED, ROUTE53_METRICS_REGION, stackSlug } from "../lib/uptime";

export interface AlertingArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  /** Who is told when a check fails: one e-mail subscription each. */
  emails: readonly string[];
  /** Regions with alarms besides us-east-1 (the canaries' region): each gets its own topic, alarms notify only their own region's. */
  otherRegions?: readonly string[];
}


/**
 * The SNS topic the uptime alarms notify, with an e-mail subscription per address. Both live in us-east-1 beside the
 * alarms, whatever aws:region says: alarms on Route 53 metrics exist only there and notify topics of their own
 * region. The topic is not encrypted: CloudWatch cannot publish to a topic under the AWS managed SNS key, and the
 * messages carry alarm states, not customer data [aws.md §3.2, pitfall 8].
 */
export class Alerting extends pulumi.ComponentResource {
  /** The us-east-1 topic (Route 53 alarms). */
  public readonly topicArn: pulumi.Output<string>;
  /** Region → its topic, us-east-1 included. */
  public readonly topicArns: Record<string, pulumi.Output<string>>;
  /** Address → AWAITING_CONFIRMATION until it confirmed every topic's subscription, then CONFIRMED (as of the last `pulumi up` or `pulumi refresh`). */
  public readonly subscriptions: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:Alerting", name, {}, opts);

    const regions = [ROUTE53_METRICS_REGION, ...new Set((args.otherRegions ?? []).filter((r) => r !== ROUTE53_METRICS_REGION))];
    const pendings: Record<string, pulumi.Output<boolean>[]> = {};
    this.topicArns = {};
    for (const region of regions) {
      // us-east-1 keeps the names it always had; another region's topic and subscriptions carry the region.
      const home = region === ROUTE53_METRICS_REGION;
      const topic = new aws.sns.Topic(
        home ? `${name}-topic` : `${name}-topic-${region}`,
        {
          name: stackSlug(args.domain, args.stack, home ? "alerts" : `alerts-${region}`, 256),
          // The sender name of the alert e-mails (at most 100 characters).
          displayName: `${home ? "Uptime" : "Flow"} alerts ${args.domain}`.slice(0, 100),
          region,
        },
        { parent: this },
      );
      for (const email of args.emails) {
        const subscription = new aws.sns.TopicSubscription(
          home ? `${name}-${email}` : `${name}-${region}-${email}`,
          { topic: topic.arn, protocol: "email", endpoint: email, region },
          { parent: this },
        );
        (pendings[email] ??= []).push(subscription.pendingConfirmation);
      }
      this.topicArns[region] = topic.arn;
    }

    this.topicArn = this.topicArns[ROUTE53_METRICS_REGION]!;
    // An address is confirmed once it confirmed every topic's e-mail (one per region).
    this.subscriptions = pulumi.output(
      Object.fromEntries(args.emails.map((email) => [email, pulumi.all(pendings[email] ?? []).apply((p) => (p.some(Boolean) ? AWAITING_CONFIRMATION : CONFIRMED))])),
    );
    this.registerOutputs({ topicArn: this.topicArn, subscriptions: this.subscriptions });
  }
}
