import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import { dashboardBody, dashboardUrl, type DashboardCheck, type DashboardFlow } from "../lib/dashboard";
import { ROUTE53_METRICS_REGION, stackSlug } from "../lib/uptime";

export interface UptimeDashboardArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  latencyBudgetMs: number;
  /** The monitored checks with their health check ids and alarm ARNs. */
  checks: pulumi.Input<DashboardCheck[]>;
  /** The key flows' canaries and alarms, in the region nearest the customers. */
  flowRegion: string;
  flows: pulumi.Input<DashboardFlow[]>;
  /** The scheduled jobs' heartbeat alarms (in flowRegion). */
  jobAlarmArns: pulumi.Input<string[]>;
}

/** One CloudWatch dashboard in us-east-1: alarm states, uptime and latency per check, then p50/p95 and errors per key flow (widgets read the flows' region). */
export class UptimeDashboard extends pulumi.ComponentResource {
  /** The dashboard in the AWS console. */
  public readonly url: pulumi.Output<string>;

  constructor(name: string, args: UptimeDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:UptimeDashboard", name, {}, opts);

    const title = `Uptime of ${args.domain} (stack ${args.stack})`;
    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: stackSlug(args.domain, args.stack, "uptime"),
        region: ROUTE53_METRICS_REGION,
        dashboardBody: pulumi
          .all([args.checks, args.flows, args.jobAlarmArns])
          .apply(([checks, flows, jobAlarmArns]) =>
            JSON.stringify(dashboardBody({ title, region: ROUTE53_METRICS_REGION, latencyBudgetMs: args.latencyBudgetMs, checks, flowRegion: args.flowRegion, flows, jobAlarmArns })),
          ),
      },
      { parent: this },
    );

    this.url = dashboard.dashboardName.apply((dashboardName) => dashboardUrl(ROUTE53_METRICS_REGION, dashboardName));
    this.registerOutputs({ url: this.url });
  }
}
