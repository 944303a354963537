import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AWAITING_CONFIRMATION, CONFIRMED, ROUTE53_METRICS_REGION, stackSlug } from "../lib/uptime";

export interface AlertingArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  /** Who is told when a check fails: one e-mail subscription each. */
  emails: readonly string[];
}


/**
 * The SNS topic the uptime alarms notify, with an e-mail subscription per address. Both live in us-east-1 beside the
 * alarms, whatever aws:region says: alarms on Route 53 metrics exist only there and notify topics of their own
 * region. The topic is not encrypted: CloudWatch cannot publish to a topic under the AWS managed SNS key, and the
 * messages carry alarm states, not customer data [aws.md §3.2, pitfall 8].
 */
export class Alerting extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  /** Address → AWAITING_CONFIRMATION or CONFIRMED (as of the last `pulumi up` or `pulumi refresh`). */
  public readonly subscriptions: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:Alerting", name, {}, opts);

    const topic = new aws.sns.Topic(
      `${name}-topic`,
      {
        name: stackSlug(args.domain, args.stack, "alerts", 256),
        // The sender name of the alert e-mails (at most 100 characters).
        displayName: `Uptime alerts ${args.domain}`.slice(0, 100),
        region: ROUTE53_METRICS_REGION,
      },
      { parent: this },
    );
    const statuses = args.emails.map((email) => {
      const subscription = new aws.sns.TopicSubscription(
        `${name}-${email}`,
        { topic: topic.arn, protocol: "email", endpoint: email, region: ROUTE53_METRICS_REGION },
        { parent: this },
      );
      return [email, subscription.pendingConfirmation.apply((pending) => (pending ? AWAITING_CONFIRMATION : CONFIRMED))] as const;
    });

    this.topicArn = topic.arn;
    this.subscriptions = pulumi.output(Object.fromEntries(statuses));
    this.registerOutputs({ topicArn: this.topicArn, subscriptions: this.subscriptions });
  }
}
