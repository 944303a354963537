import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dashboardBody, dashboardUrl, type DashboardCheck } from "../lib/dashboard";
import { ROUTE53_METRICS_REGION, stackSlug } from "../lib/uptime";

export interface UptimeDashboardArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  stack: string;
  latencyBudgetMs: number;
  /** The monitored checks with their health check ids and alarm ARNs. */
  checks: pulumi.Input<DashboardCheck[]>;
}

/** One CloudWatch dashboard in us-east-1: alarm states, then uptime and latency against the budget per check. */
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
          .output(args.checks)
          .apply((checks) => JSON.stringify(dashboardBody({ title, region: ROUTE53_METRICS_REGION, latencyBudgetMs: args.latencyBudgetMs, checks }))),
      },
      { parent: this },
    );

    this.url = dashboard.dashboardName.apply((dashboardName) => dashboardUrl(ROUTE53_METRICS_REGION, dashboardName));
    this.registerOutputs({ url: this.url });
  }
}
