import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import { fixture } from "../helpers/harness";

/** Stack-state fixtures for the uptime rules: a health check, its alarms, a topic with a subscription. */

export const TOPIC = "arn:aws:sns:us-east-1:123456789012:example-com-prod-alerts";

export const healthCheck = (name: string, fqdn: string, resourcePath: string, extra: Record<string, unknown> = {}): PlannedResource =>
  fixture(TYPES.healthCheck, { type: "HTTPS", fqdn, port: 443, resourcePath, measureLatency: true, arn: `arn:aws:route53:::healthcheck/${name}-0000`, ...extra }, { name });

export const alarm = (check: PlannedResource, metricName: string, extra: Record<string, unknown> = {}): PlannedResource =>
  fixture(
    TYPES.metricAlarm,
    {
      namespace: "AWS/Route53",
      metricName,
      dimensions: { HealthCheckId: String(check.props["arn"]).split("/").pop() },
      region: "us-east-1",
      alarmActions: [TOPIC],
      okActions: [TOPIC],
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${check.name}-${metricName}`,
      ...extra,
    },
    { name: `${check.name}-${metricName}` },
  );

export const subscription = (topic = TOPIC): PlannedResource =>
  fixture(TYPES.snsTopicSubscription, { topic, protocol: "email", endpoint: "ops@example.net", pendingConfirmation: true }, { name: `sub-${topic}` });

/** Home, login and API health checks, each with a down and a latency alarm, and a subscribed topic. */
export function monitoredStack(): PlannedResource[] {
  const checks = [healthCheck("home", "example.com", "/"), healthCheck("login", "app.example.com", "/login"), healthCheck("api", "api.example.com", "/health")];
  return [...checks, ...checks.flatMap((c) => [alarm(c, "HealthCheckStatus"), alarm(c, "TimeToFirstByte")]), subscription()];
}
