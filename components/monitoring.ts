import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import type { DashboardCheck } from "../lib/dashboard";
import { ownershipTags } from "../lib/flows";
import {
  CHECKER_REGIONS,
  DOWN_ALARM,
  downAlarmDescription,
  FAILURE_THRESHOLD,
  healthCheckTarget,
  latencyAlarm,
  latencyAlarmDescription,
  MEASURE_LATENCY,
  metricAlarmInputs,
  REQUEST_INTERVAL_SECONDS,
  ROUTE53_METRICS_REGION,
  stackSlug,
  type AlarmSettings,
} from "../lib/uptime";

/** One page checked from Route 53's checkers: its name (used once), its https:// URL and text the page must contain. */
export interface UptimeCheck {
  name: string;
  url: string;
  expect?: string | undefined;
}

export interface MonitoringArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  /** The pages to check. */
  checks: readonly UptimeCheck[];
  /** A check's average time to first byte above this raises its latency alarm. */
  latencyBudgetMs: number;
  /** Who answers down and latency alarms. */
  owners: { down: string; slow: string };
  /** The topic (in us-east-1) every alarm notifies when it goes off and when it recovers. */
  alarmTopicArn: pulumi.Input<string>;
}

/**
 * One Route 53 HTTPS health check per uptime check, each with a down alarm and a latency alarm in us-east-1 (where
 * Route 53 publishes its metrics, whatever aws:region says).
 */
export class Monitoring extends pulumi.ComponentResource {
  /** Each check with its health check id and alarm ARNs, in config order. */
  public readonly checks: pulumi.Output<DashboardCheck[]>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:Monitoring", name, {}, opts);

    const alarm = (check: UptimeCheck, role: "down" | "latency", settings: AlarmSettings, description: string, healthCheckId: pulumi.Output<string>) => {
      const kind = role === "down" ? "down" : "slow";
      const owner = args.owners[kind];
      return new aws.cloudwatch.MetricAlarm(
        `${name}-${check.name}-${role}`,
        {
          name: stackSlug(args.domain, args.stack, `${check.name}-${role}`),
          alarmDescription: `${description} Owner: ${owner}.`,
          tags: ownershipTags(owner, kind, args.domain, args.stack, check.name),
          region: ROUTE53_METRICS_REGION,
          ...metricAlarmInputs(settings),
          dimensions: { HealthCheckId: healthCheckId },
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
        },
        { parent: this },
      );
    };

    const latency = latencyAlarm(args.latencyBudgetMs);
    const monitored = args.checks.map((check) => {
      const healthCheck = new aws.route53.HealthCheck(
        `${name}-${check.name}`,
        {
          ...healthCheckTarget(check),
          requestInterval: REQUEST_INTERVAL_SECONDS,
          failureThreshold: FAILURE_THRESHOLD,
          measureLatency: MEASURE_LATENCY,
          regions: [...CHECKER_REGIONS],
          // The console lists checks by this tag (values hold at most 256 characters).
          tags: { Name: `${check.name} ${check.url}`.slice(0, 256) },
        },
        { parent: this },
      );
      const down = alarm(check, "down", DOWN_ALARM, downAlarmDescription(check.url), healthCheck.id);
      const slow = alarm(check, "latency", latency, latencyAlarmDescription(check.url, args.latencyBudgetMs), healthCheck.id);
      return { name: check.name, url: check.url, healthCheckId: healthCheck.id, downAlarmArn: down.arn, latencyAlarmArn: slow.arn };
    });

    this.checks = pulumi.output(monitored);
    this.registerOutputs({ checks: this.checks });
  }
}
