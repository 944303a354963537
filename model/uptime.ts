import { isAddressRecordType } from "../lib/domain";
import { isApiHost, keyPagesOf, ROUTE53_METRICS_REGION, type KeyPage } from "../lib/uptime";
import { declaredAuthPaths } from "./declared-intent";
import { reachingTopics } from "./flows";
import { isUnknown, type PlannedResource } from "./resource";
import { TYPES } from "./type-tokens";
import { optionalText, texts } from "./props";

/**
 * Reading the uptime checks: finding a health check's alarms, where they live and whom they
 * notify, and which key pages the checks cover. Works on stack state: inputs plus what AWS computed (ARNs, region).
 * On a first preview ids and ARNs are unknown: an alarm is then tied to its check, and its actions to their topic, by
 * the property dependencies the engine records.
 */

const arnRegion = (arn: string): string | undefined => optionalText(arn.split(":")[3]);

/** The HealthCheckId alarms use: the end of the check's ARN (arn:aws:route53:::healthcheck/<id>), else its id. */
export function healthCheckId(check: PlannedResource): string | undefined {
  const arn = optionalText(check.props["arn"]);
  if (arn?.includes(":healthcheck/")) return arn.slice(arn.lastIndexOf("/") + 1);
  return optionalText(check.props["id"]);
}

/** The URL a health check requests, for messages. */
export function checkedUrl(check: PlannedResource): string {
  return `https://${optionalText(check.props["fqdn"]) ?? optionalText(check.props["ipAddress"]) ?? "?"}${optionalText(check.props["resourcePath"]) ?? "/"}`;
}

function regionOf(alarm: PlannedResource): string | undefined {
  const arn = optionalText(alarm.props["arn"]);
  return optionalText(alarm.props["region"]) ?? (arn === undefined ? undefined : arnRegion(arn));
}

/** ARNs of the topics that have at least one subscription. */
function subscribedTopics(resources: readonly PlannedResource[]): Set<string> {
  return new Set(resources.filter((r) => r.type === TYPES.snsTopicSubscription).flatMap((r) => texts([r.props["topic"]])));
}

/** Whether the alarm watches this check: its HealthCheckId dimension is the check's id, or is built from the check. */
function watches(alarm: PlannedResource, check: PlannedResource, id: string | undefined): boolean {
  const dimensions = alarm.props["dimensions"];
  const dimension = typeof dimensions === "object" && dimensions !== null ? (dimensions as Record<string, unknown>)["HealthCheckId"] : undefined;
  if (isUnknown(dimension) || isUnknown(dimensions)) return (alarm.dependsOn?.["dimensions"] ?? []).includes(check.urn);
  return id !== undefined && dimension === id;
}

/** Whether one of the alarm's actions is a topic in `region` with at least one subscriber, by ARN or by dependency. */
function notifiesSubscribedTopic(alarm: PlannedResource, resources: readonly PlannedResource[], region: string): boolean {
  const byArn = subscribedTopics(resources);
  if (texts(alarm.props["alarmActions"]).some((arn) => arnRegion(arn) === region && byArn.has(arn))) return true;
  const reaching = reachingTopics(resources);
  return (alarm.dependsOn?.["alarmActions"] ?? []).some((urn) => reaching.has(urn) && resources.some((t) => t.urn === urn && t.props["region"] === region));
}

/**
 * Why the health check lacks a working alarm on one of `metrics` (named `what` in messages), or undefined when it has
 * one: in us-east-1, where Route 53 publishes its metrics, and notifying a us-east-1 topic that has a subscription.
 */
export function alarmProblem(check: PlannedResource, resources: readonly PlannedResource[], metrics: readonly string[], what: string): string | undefined {
  const id = healthCheckId(check);
  const subject = `Health check ${check.name} (${checkedUrl(check)})`;
  const alarms = resources.filter((r) => r.type === TYPES.metricAlarm && r.props["namespace"] === "AWS/Route53" && metrics.includes(String(r.props["metricName"])) && watches(r, check, id));
  if (alarms.length === 0) {
    return `${subject} has no ${what} alarm: add a CloudWatch alarm on AWS/Route53 ${metrics.join(" or ")} with the dimension HealthCheckId set to the check's id.`;
  }
  const placed = alarms.filter((a) => regionOf(a) === ROUTE53_METRICS_REGION);
  if (placed.length === 0) {
    const where = [...new Set(alarms.map((a) => regionOf(a) ?? "an unknown region"))].join(", ");
    return `${subject}: its ${what} alarm is in ${where}, but Route 53 publishes health-check metrics only in ${ROUTE53_METRICS_REGION}, so the alarm would never see data. Create it with region: "${ROUTE53_METRICS_REGION}".`;
  }
  const notifying = placed.filter((a) => notifiesSubscribedTopic(a, resources, ROUTE53_METRICS_REGION));
  if (notifying.length === 0) {
    return `${subject}: its ${what} alarm notifies nobody. Put an SNS topic in ${ROUTE53_METRICS_REGION} with at least one subscription (monitoring.alertEmails) in its alarmActions.`;
  }
  return undefined;
}

/** The key pages the stack's health checks cover, and whether any check targets an api. host. */
export function coverage(resources: readonly PlannedResource[]): { pages: Set<KeyPage>; apiHostChecked: boolean } {
  const checks = resources.filter((r) => r.type === TYPES.healthCheck);
  const signIn = declaredAuthPaths(resources)?.signIn ?? [];
  const pages = new Set(checks.flatMap((c) => keyPagesOf(optionalText(c.props["fqdn"]) ?? "", optionalText(c.props["resourcePath"]), signIn)));
  return { pages, apiHostChecked: checks.some((c) => isApiHost(optionalText(c.props["fqdn"]) ?? "")) };
}

/** DNS records that publish an api. host (relative "api" or a full api.<domain> name). */
export function apiHostRecords(resources: readonly PlannedResource[]): PlannedResource[] {
  return resources.filter(
    (r) => r.type === TYPES.dnsRecord && isAddressRecordType(String(r.props["type"])) && isApiHost(optionalText(r.props["name"]) ?? ""),
  );
}
