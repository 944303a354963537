import type { Flow } from "../canary/flow-check";
import { keyPagesOf, type KeyPage } from "../lib/uptime";
import type { PlannedResource } from "./resource";
import { TYPES } from "./type-tokens";
import { optionalText, record } from "./props";

/**
 * Reading the flow checks: the canaries and the flows they walk, their alarms, and whether
 * an alarm's topic reaches someone. Resources are related by names the program sets and by property dependencies
 * (an alarm's actions on a topic, a subscription on its topic), never by ARNs a first preview does not have.
 */

/** The flow a canary walks, from the FLOW_CHECK variable the component sets; undefined when it is not a flow check. */
export function canaryFlow(canary: PlannedResource): Flow | undefined {
  const json = optionalText(record(record(canary.props["runConfig"])["environmentVariables"])["FLOW_CHECK"]);
  if (json === undefined) return undefined;
  try {
    const flow = JSON.parse(json) as Partial<Flow>;
    return Array.isArray(flow.steps) && typeof flow.canary === "string" ? (flow as Flow) : undefined;
  } catch {
    return undefined;
  }
}

/** The key pages a canary's steps cover; `signInPaths` are the stack's own sign-in pages (config authPaths.signIn). */
export function canaryPages(canary: PlannedResource, signInPaths: readonly string[] = []): Set<KeyPage> {
  const steps = canaryFlow(canary)?.steps ?? [];
  return new Set(
    steps.flatMap((s) => {
      try {
        const url = new URL(s.url);
        return keyPagesOf(url.hostname, `${url.pathname}${url.search}`, signInPaths);
      } catch {
        return [];
      }
    }),
  );
}

/** Alarms whose dimension `dimension` is the canary's name. */
export function alarmsOf(canary: PlannedResource, resources: readonly PlannedResource[], dimension: "CanaryName" | "Canary"): PlannedResource[] {
  const name = optionalText(canary.props["name"]);
  return resources.filter((r) => r.type === TYPES.metricAlarm && name !== undefined && record(r.props["dimensions"])[dimension] === name);
}

/** URNs of the SNS topics that reach a person: an e-mail (or other) subscription, or a Slack channel posting them. */
export function reachingTopics(resources: readonly PlannedResource[]): Set<string> {
  const topics = new Set(resources.filter((r) => r.type === TYPES.snsTopic).map((r) => r.urn));
  const reached = new Set<string>();
  for (const r of resources) {
    const via = r.type === TYPES.snsTopicSubscription ? "topic" : r.type === TYPES.slackChannel ? "snsTopicArns" : undefined;
    if (via === undefined) continue;
    for (const urn of r.dependsOn?.[via] ?? []) if (topics.has(urn)) reached.add(urn);
  }
  return reached;
}

/** Why an alarm would tell nobody, or undefined: it must act on a reaching topic when it fires and when it recovers. */
export function actionProblem(alarm: PlannedResource, topics: ReadonlySet<string>): string | undefined {
  for (const property of ["alarmActions", "okActions"] as const) {
    if (!(alarm.dependsOn?.[property] ?? []).some((urn) => topics.has(urn))) {
      return `its ${property} notify no SNS topic with a subscriber: add the alert topic (with monitoring.alertEmails subscribed) to ${property}`;
    }
  }
  const missing = optionalText(alarm.props["treatMissingData"]);
  if (missing === undefined) return `it leaves treatMissingData to the default: choose breaching or ignore on purpose`;
  return undefined;
}
