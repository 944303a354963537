/**
 * Uptime checks and their alarms as plain values: what a Route 53 health check and its CloudWatch alarms look like
 * for one `monitoring.checks` entry. Facts and sources: ../shared/reference/aws.md §2, §3.1 and §6.
 */

/** Route 53 publishes health-check metrics only in us-east-1, so alarms (and the topic they notify) live there [S13, S19]. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/**
 * Where the checkers run: three continents, the minimum Route 53 accepts [S11 MinItems 3]. An endpoint counts as healthy
 * while more than 18 % of checkers see it healthy [S12], so one region's network trouble does not page anyone.
 * Fixed once: removing the list later has no effect (d.ts).
 */
export const CHECKER_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"] as const;

/**
 * Inputs that replace the check (and give it a new HealthCheckId) when changed [S11, S14]: chosen once here.
 * 30 s is the standard interval (10 s is a paid extra); latency is measured from the start because it cannot be
 * switched on later.
 */
export const REQUEST_INTERVAL_SECONDS = 30;
export const MEASURE_LATENCY = true;
/** Three failed requests in a row (about 90 s at 30 s) before Route 53 calls the endpoint unhealthy. */
export const FAILURE_THRESHOLD = 3;

export interface HealthCheckTarget {
  /** HTTPS_STR_MATCH when the body must contain `searchString` (ForceNew: adding or removing `expect` replaces the check). */
  type: "HTTPS" | "HTTPS_STR_MATCH";
  fqdn: string;
  port: 443;
  /** Path and query of the URL. */
  resourcePath: string;
  searchString?: string;
  /** Sends the host name in the TLS handshake; the default applies only to type HTTPS, so it is always set. */
  enableSni: true;
}

/** The endpoint part of a Route 53 HTTPS health check for an https:// URL (config has validated it). */
export function healthCheckTarget(check: { url: string; expect?: string }): HealthCheckTarget {
  const url = new URL(check.url);
  if (url.protocol !== "https:") throw new Error(`Uptime checks run over HTTPS; received ${check.url}.`);
  const target: HealthCheckTarget = {
    type: check.expect === undefined ? "HTTPS" : "HTTPS_STR_MATCH",
    fqdn: url.hostname,
    port: 443,
    resourcePath: `${url.pathname}${url.search}`,
    enableSni: true,
  };
  if (check.expect !== undefined) target.searchString = check.expect;
  return target;
}

/** The settings of a CloudWatch alarm on one Route 53 metric, without its dimension and actions. */
export interface AlarmSettings {
  namespace: "AWS/Route53";
  metricName: string;
  statistic: "Minimum" | "Average";
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparisonOperator: "LessThanThreshold" | "GreaterThanThreshold";
  threshold: number;
  treatMissingData: "breaching" | "ignore";
  /** Minutes after creation during which missing data does not trigger actions; ends early once data arrives. */
  warmUpMinutes?: number;
}

/** The metric part of any alarm the template makes, whatever it watches. */
export interface MetricAlarmSettings {
  namespace: string;
  metricName: string;
  statistic?: string;
  extendedStatistic?: string;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparisonOperator: string;
  threshold: number;
  treatMissingData: string;
  warmUpMinutes?: number;
}

/** Those settings as MetricAlarm inputs: a percentile alarm carries no plain statistic (AWS refuses both). */
export function metricAlarmInputs(settings: MetricAlarmSettings) {
  return {
    namespace: settings.namespace,
    metricName: settings.metricName,
    ...(settings.statistic === undefined ? {} : { statistic: settings.statistic }),
    ...(settings.extendedStatistic === undefined ? {} : { extendedStatistic: settings.extendedStatistic }),
    period: settings.periodSeconds,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.datapointsToAlarm,
    comparisonOperator: settings.comparisonOperator,
    threshold: settings.threshold,
    treatMissingData: settings.treatMissingData,
    ...(settings.warmUpMinutes === undefined ? {} : { warmUpConfiguration: { warmUpPeriodDurationInMinutes: settings.warmUpMinutes } }),
  };
}

/**
 * Down: HealthCheckStatus (1 healthy, 0 unhealthy, published each minute [S15]) with Minimum, so one unhealthy
 * minute counts; two such minutes in a row raise the alarm, after Route 53's own three failures. Missing data is
 * breaching: a check that stops reporting pages instead of going quiet. The warm-up keeps the minutes before a new
 * check's first data point from paging.
 */
export const DOWN_ALARM: AlarmSettings = {
  namespace: "AWS/Route53",
  metricName: "HealthCheckStatus",
  statistic: "Minimum",
  periodSeconds: 60,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  comparisonOperator: "LessThanThreshold",
  threshold: 1,
  treatMissingData: "breaching",
  warmUpMinutes: 15,
};

/**
 * Slow: TimeToFirstByte, the closest metric to what a visitor waits for, with Average: the statistic documented for
 * Route 53 latency metrics (percentiles are not [S15]; aws.md pitfall 13). Two five-minute averages over the budget
 * in a row: a sustained slowdown, not one slow checker. Missing data is ignored: when the site is down there is no
 * latency, the down alarm speaks, and this one neither raises nor clears.
 */
export function latencyAlarm(latencyBudgetMs: number): AlarmSettings {
  return {
    namespace: "AWS/Route53",
    metricName: "TimeToFirstByte",
    statistic: "Average",
    periodSeconds: 300,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: "GreaterThanThreshold",
    threshold: latencyBudgetMs,
    treatMissingData: "ignore",
  };
}

/** What the alert e-mail says about a down alarm: what happened and where to look first. */
export function downAlarmDescription(url: string): string {
  return `${url} has failed Route 53 health checks for 2 minutes in a row. Visitors may not reach it: open it, then check the host's status and the latest deploy.`;
}

/** What the alert e-mail says about a latency alarm. */
export function latencyAlarmDescription(url: string, latencyBudgetMs: number): string {
  return `${url} has answered slower than its budget of ${latencyBudgetMs} ms (average time to first byte) for 10 minutes. Check the host's load and the latest deploy.`;
}

/** Route 53 latency metrics an alarm may watch [S15]. */
export const LATENCY_METRICS = ["TimeToFirstByte", "ConnectionTime", "SSLHandshakeTime"] as const;

/**
 * A name for AWS resources of one stack: domain and stack in letters, digits and hyphens (what SNS topics, dashboards
 * and alarms all accept), cut to fit `maxLength` with a hash so that two long domains stay distinct.
 */
export function stackSlug(domain: string, stack: string, suffix: string, maxLength = 255): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  const tail = `-${clean(suffix)}`;
  const head = `${clean(domain)}-${clean(stack)}`;
  if (head.length + tail.length <= maxLength) return `${head}${tail}`;
  const hash = `-${fnv1a(head)}`;
  return `${head.slice(0, maxLength - tail.length - hash.length).replace(/-+$/, "")}${hash}${tail}`;
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** The pages a launch must watch; a check covers those its host and path point at. */
export type KeyPage = "home" | "login" | "api-health";

const LOGIN_PATH = /(^|\/)(log-?in|sign-?in|sign_in|auth)(\/|\.|$)/;
const HEALTH_PATH = /(^|\/)(health|healthz|healthcheck|status|ping)(\/|\.|$)/;

/**
 * Which key pages a check of `fqdn` + `resourcePath` covers. `signInPaths` are the stack's own sign-in pages
 * (config authPaths.signIn, any language; * matches anything): a check of one of them watches the login page too.
 */
export function keyPagesOf(fqdn: string, resourcePath: string | undefined, signInPaths: readonly string[] = []): KeyPage[] {
  const path = (resourcePath ?? "/").split("?")[0]?.toLowerCase() ?? "/";
  const onApiHost = isApiHost(fqdn);
  const pages: KeyPage[] = [];
  if (!onApiHost && (path === "/" || path === "")) pages.push("home");
  if (LOGIN_PATH.test(path) || signInPaths.some((p) => globMatches(p.toLowerCase(), path))) pages.push("login");
  if (onApiHost || HEALTH_PATH.test(path)) pages.push("api-health");
  return pages;
}

/** A config path pattern (* matches anything) against a request path, with or without a final slash. */
function globMatches(pattern: string, path: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}/?$`);
  return regex.test(path);
}

/** True for api.<domain>, relative ("api") or fully qualified. */
export function isApiHost(name: string): boolean {
  return name.toLowerCase().split(".")[0] === "api";
}

/** What a subscription's status says until its owner has clicked the link AWS sends [aws.md §3.2, pitfall 7]. */
export const AWAITING_CONFIRMATION =
  'waiting for this person to click "Confirm subscription" in the e-mail from AWS Notifications; no alert reaches the address until then. ' +
  "The link expires after about 3 days: then run pulumi refresh and pulumi up to send a new one.";
export const CONFIRMED = "confirmed";
