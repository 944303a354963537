import { brokenAlarm, FLOW_NAMESPACE, p95Alarm, samplePeriodSeconds } from "./flows";
import { DOWN_ALARM, latencyAlarm } from "./uptime";

/**
 * The CloudWatch dashboard body of the uptime checks as plain JSON values. Format:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 * (a 24-column grid; metric rows are [namespace, metric, dimension name, dimension value, options]).
 */

export interface DashboardCheck {
  name: string;
  url: string;
  healthCheckId: string;
  downAlarmArn: string;
  latencyAlarmArn: string;
}

/** A key flow's canary and its alarms. */
export interface DashboardFlow {
  name: string;
  canaryName: string;
  urls: string[];
  everyMinutes: number;
  owner: string;
  alarmArns: string[];
}

export interface DashboardSpec {
  title: string;
  /** Where the metrics live (us-east-1 for Route 53). */
  region: string;
  latencyBudgetMs: number;
  checks: readonly DashboardCheck[];
  /** Where the canaries publish (the region nearest the customers). */
  flowRegion?: string;
  flows?: readonly DashboardFlow[];
  /** Heartbeat alarms of the scheduled jobs, in flowRegion. */
  jobAlarmArns?: readonly string[];
}

interface Widget {
  type: "text" | "alarm" | "metric";
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

/** An alarm status widget lists at most 100 alarms. */
const ALARMS_PER_WIDGET = 100;
const FULL_WIDTH = 24;
const HALF_WIDTH = 12;
const HEADER_HEIGHT = 2;
const ALARMS_HEIGHT = 4;
const ROW_HEIGHT = 6;

/** Two metric graphs side by side, one row high. */
function row(y: number, left: Record<string, unknown>, right: Record<string, unknown>): Widget[] {
  return [left, right].map((properties, i) => ({ type: "metric", x: i * HALF_WIDTH, y, width: HALF_WIDTH, height: ROW_HEIGHT, properties }));
}

/** A header, the state of every alarm, then one row per check: up/down, and latency against the budget. */
export function dashboardBody(spec: DashboardSpec): { widgets: Widget[] } {
  const widgets: Widget[] = [
    {
      type: "text",
      x: 0,
      y: 0,
      width: FULL_WIDTH,
      height: HEADER_HEIGHT,
      properties: {
        markdown: `## ${spec.title}\nRoute 53 checks from three regions. Up is 1, down is 0. Latency is the average time to first byte; the line is the budget of ${spec.latencyBudgetMs} ms.`,
      },
    },
  ];
  const alarms = spec.checks.flatMap((c) => [c.downAlarmArn, c.latencyAlarmArn]);
  let y = HEADER_HEIGHT;
  for (let start = 0; start < alarms.length; start += ALARMS_PER_WIDGET) {
    widgets.push({
      type: "alarm",
      x: 0,
      y,
      width: FULL_WIDTH,
      height: ALARMS_HEIGHT,
      properties: { title: "Alarm states", alarms: alarms.slice(start, start + ALARMS_PER_WIDGET) },
    });
    y += ALARMS_HEIGHT;
  }
  const latency = latencyAlarm(spec.latencyBudgetMs);
  for (const check of spec.checks) {
    widgets.push(
      ...row(
        y,
        {
          title: `${check.name}: up (${check.url})`,
          region: spec.region,
          view: "timeSeries",
          stat: DOWN_ALARM.statistic,
          period: DOWN_ALARM.periodSeconds,
          yAxis: { left: { min: 0, max: 1 } },
          metrics: [[DOWN_ALARM.namespace, DOWN_ALARM.metricName, "HealthCheckId", check.healthCheckId, { label: "up" }]],
        },
        {
          title: `${check.name}: time to first byte (ms)`,
          region: spec.region,
          view: "timeSeries",
          stat: latency.statistic,
          period: latency.periodSeconds,
          yAxis: { left: { min: 0 } },
          metrics: [[latency.namespace, latency.metricName, "HealthCheckId", check.healthCheckId, { label: "time to first byte" }]],
          annotations: { horizontal: [{ label: "budget", value: spec.latencyBudgetMs }] },
        },
      ),
    );
    y += ROW_HEIGHT;
  }
  const flows = spec.flows ?? [];
  const flowRegion = spec.flowRegion ?? spec.region;
  const regionalAlarms = [...flows.flatMap((f) => f.alarmArns), ...(spec.jobAlarmArns ?? [])];
  if (regionalAlarms.length > 0) {
    widgets.push({
      type: "alarm",
      x: 0,
      y,
      width: FULL_WIDTH,
      height: ALARMS_HEIGHT,
      properties: { title: `Key flow and scheduled job alarms (${flowRegion})`, region: flowRegion, alarms: regionalAlarms.slice(0, ALARMS_PER_WIDGET) },
    });
    y += ALARMS_HEIGHT;
  }
  for (const flow of flows) {
    const period = samplePeriodSeconds(flow.everyMinutes);
    const p95 = p95Alarm(flow.everyMinutes, spec.latencyBudgetMs);
    const broken = brokenAlarm(flow.everyMinutes);
    widgets.push(
      ...row(
        y,
        {
          title: `${flow.name}: p50 and p95 response time (ms), ${flow.canaryName}`,
          region: flowRegion,
          view: "timeSeries",
          period,
          yAxis: { left: { min: 0 } },
          metrics: [
            [FLOW_NAMESPACE, p95.metricName, "Canary", flow.canaryName, { stat: "p50", label: "p50" }],
            [FLOW_NAMESPACE, p95.metricName, "Canary", flow.canaryName, { stat: "p95", label: "p95" }],
          ],
          annotations: { horizontal: [{ label: "budget", value: spec.latencyBudgetMs }] },
        },
        {
          title: `${flow.name}: failed requests and successful runs (%), owner ${flow.owner}`,
          region: flowRegion,
          view: "timeSeries",
          period,
          yAxis: { left: { min: 0 }, right: { min: 0, max: 100 } },
          metrics: [
            [FLOW_NAMESPACE, "Errors", "Canary", flow.canaryName, { stat: "Sum", label: "failed requests" }],
            [broken.namespace, broken.metricName, "CanaryName", flow.canaryName, { stat: "Average", label: "successful runs %", yAxis: "right" }],
          ],
        },
      ),
    );
    y += ROW_HEIGHT;
  }
  return { widgets };
}

/** The console address of a dashboard. */
export function dashboardUrl(region: string, name: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${encodeURIComponent(name)}`;
}
