/**
 * Key-flow checks as plain values: what a CloudWatch Synthetics canary and its three alarms look like for one
 * `monitoring.flows` entry. The canary runs canary/flow-check.js, which publishes ResponseTime (one raw value per
 * working request) and Errors (0 or 1 per request) under FLOW_NAMESPACE with the dimension Canary.
 * Facts and sources: ../shared/reference/monitoring.md §C, aws.md.
 */
import { ERRORS, NAMESPACE as FLOW_NAMESPACE, RESPONSE_TIME } from "../canary/flow-check";
import type { MetricAlarmSettings } from "./uptime";

export { FLOW_NAMESPACE };

/**
 * Node.js 20 with the AWS SDK for JavaScript v3 (PutMetricData) and the nodejs/node_modules code layout; the script
 * uses no browser. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Library_nodejs_puppeteer.html
 * Pinned, not looked up: a "latest" lookup would change the canary on an unrelated `pulumi up`.
 */
export const CANARY_RUNTIME = "syn-nodejs-puppeteer-11.0";
/** Where Synthetics looks for the handler: nodejs/node_modules/<file>.js, handler `<file>.handler`. */
export const CANARY_CODE_PATH = "nodejs/node_modules/flow-check.js";
export const CANARY_HANDLER = "flow-check.handler";

/** Requests per step per run: enough raw values for a p95, each on a new connection. */
export const SAMPLES_PER_STEP = 5;
/** A visitor gives up on a page long before this; past it the request counts as an error. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Synthetics keeps a run's artifacts (logs, HAR) this long: failures for the post-mortem, successes briefly. */
export const SUCCESS_RETENTION_DAYS = 7;
export const FAILURE_RETENTION_DAYS = 31;

/** Synthetics' rate expression for a run every `minutes` (1–60). */
export function scheduleExpression(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) throw new Error(`A canary runs every 1 to 60 minutes; received ${minutes}.`);
  if (minutes === 60) return "rate(1 hour)";
  return minutes === 1 ? "rate(1 minute)" : `rate(${minutes} minutes)`;
}

/** A run's time limit: every request may take its full timeout, plus Lambda's cold start; never past the next run. */
export function runTimeoutSeconds(steps: number, everyMinutes: number): number {
  const worst = Math.ceil((steps * SAMPLES_PER_STEP * REQUEST_TIMEOUT_MS) / 1000) + 30;
  return Math.min(worst, 840, everyMinutes * 60);
}

/** The settings of one alarm on a flow's metrics, without its dimension and actions. */
export interface FlowAlarm extends MetricAlarmSettings {
  /** The logical name's role and the alarm name's suffix. */
  role: "broken" | "errors" | "p95";
  /** Which owner answers it (monitoring.owners). */
  kind: "down" | "errors" | "slow";
  /** The dimension that picks the flow: CanaryName for Synthetics' own metrics, Canary for the script's. */
  dimension: "CanaryName" | "Canary";
}

/**
 * The period of the error-rate and p95 alarms: at least 15 minutes and three runs, so each data point holds at least
 * 15 requests (3 runs × 5 samples): a p95 over fewer values would only be the slowest one.
 */
export function samplePeriodSeconds(everyMinutes: number): number {
  return Math.max(900, 3 * everyMinutes * 60);
}

/**
 * Broken: Synthetics' SuccessPercent, below 100 when a run failed (a step never worked in its 5 tries, or lacked its
 * text). A frequent canary must fail twice in a row; a canary running every 10 minutes or less often pages on one
 * failed run, which already is five failed tries. Missing data is breaching: a canary that stops running pages
 * instead of going quiet; the warm-up covers the time before its first runs.
 */
export function brokenAlarm(everyMinutes: number): FlowAlarm {
  const runs = everyMinutes <= 5 ? 2 : 1;
  return {
    role: "broken",
    kind: "down",
    namespace: "CloudWatchSynthetics",
    metricName: "SuccessPercent",
    dimension: "CanaryName",
    statistic: "Average",
    periodSeconds: everyMinutes * 60,
    evaluationPeriods: runs,
    datapointsToAlarm: runs,
    comparisonOperator: "LessThanThreshold",
    threshold: 100,
    treatMissingData: "breaching",
    warmUpMinutes: 2 * everyMinutes + 10,
  };
}

/**
 * High error rate: the share of failed requests (5xx, no answer in time, a missing text) above the budget in two
 * periods in a row. Errors is 0 or 1 per request, so its Average is the error rate. Missing data is ignored: with no
 * runs, the broken alarm speaks.
 */
export function errorRateAlarm(everyMinutes: number, errorRatePercent: number): FlowAlarm {
  return {
    role: "errors",
    kind: "errors",
    namespace: FLOW_NAMESPACE,
    metricName: ERRORS,
    dimension: "Canary",
    statistic: "Average",
    periodSeconds: samplePeriodSeconds(everyMinutes),
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: "GreaterThanThreshold",
    threshold: errorRatePercent / 100,
    treatMissingData: "ignore",
  };
}

/**
 * Slow: the p95 of the script's raw response times (TCP + TLS + the whole answer, per request) above the latency
 * budget in two periods in a row. CloudWatch computes percentiles from raw values only, which the script publishes.
 */
export function p95Alarm(everyMinutes: number, latencyBudgetMs: number): FlowAlarm {
  return {
    role: "p95",
    kind: "slow",
    namespace: FLOW_NAMESPACE,
    metricName: RESPONSE_TIME,
    dimension: "Canary",
    extendedStatistic: "p95",
    periodSeconds: samplePeriodSeconds(everyMinutes),
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: "GreaterThanThreshold",
    threshold: latencyBudgetMs,
    treatMissingData: "ignore",
  };
}

/** What the alert says: which flow, what happened, who owns it, where to look first. */
export function flowAlarmDescription(alarm: FlowAlarm, flow: { name: string; steps: readonly { url: string }[] }, owner: string, budget: { latencyBudgetMs: number; errorRatePercent: number }): string {
  const pages = flow.steps.map((s) => s.url).join(" → ");
  const minutes = (alarm.periodSeconds * alarm.evaluationPeriods) / 60;
  const what = {
    broken: `The ${flow.name} flow is broken: a step never answered 2xx with its text in ${alarm.evaluationPeriods === 1 ? "the last run" : `the last ${alarm.evaluationPeriods} runs`} (${pages}). Visitors cannot complete it: open it, then check the latest deploy and the canary's run log.`,
    errors: `The ${flow.name} flow had more than ${budget.errorRatePercent} % failed requests (5xx, timeouts, missing text) for ${minutes} minutes (${pages}). Check the app's error tracker and logs.`,
    p95: `The ${flow.name} flow's p95 response time was over the budget of ${budget.latencyBudgetMs} ms for ${minutes} minutes (${pages}). Check the host's load and the latest deploy.`,
  }[alarm.role];
  return `${what} Owner: ${owner}.`;
}

/** What a missed-heartbeat alert says: which job, how long it has been silent, where to look, who owns it. */
export function heartbeatAlarmDescription(job: { name: string; everyMinutes: number }, owner: string): string {
  return `The scheduled job ${job.name} has sent no heartbeat for ${2 * job.everyMinutes} minutes (it runs every ${job.everyMinutes}): it failed, hangs or no longer starts. Check its scheduler and the error tracker. Owner: ${owner}.`;
}

/** Tags every monitoring resource carries: who owns it, what kind of alert it is, which client and flow. */
export function ownershipTags(owner: string, kind: string, domain: string, stack: string, subject: string): Record<string, string> {
  return { Owner: owner, AlertKind: kind, Client: domain, Stack: stack, Subject: subject.slice(0, 256) };
}

/** Scheduled jobs publish a heartbeat here after each successful run, with the dimension Job. */
export const JOBS_NAMESPACE = "LaunchReady/Jobs";
export const HEARTBEAT = "Heartbeat";

/**
 * A job's heartbeat alarm: fewer than one heartbeat in two of its intervals in a row (periods are aligned to the
 * clock, so a run that drifts across a boundary never pages alone). Missing data is breaching: silence is the very
 * thing it watches for, whether the job failed, hung or never started. The warm-up covers the first runs.
 */
export function heartbeatAlarm(everyMinutes: number): MetricAlarmSettings {
  return {
    namespace: JOBS_NAMESPACE,
    metricName: HEARTBEAT,
    statistic: "Sum",
    periodSeconds: everyMinutes * 60,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: "LessThanThreshold",
    threshold: 1,
    treatMissingData: "breaching",
    warmUpMinutes: 2 * everyMinutes + 10,
  };
}
