import { describe, expect, it } from "vitest";
import { healthCheckDownAlarm } from "../../policies/rules/monitoring/health-check-down-alarm";
import { TYPES } from "../../model/type-tokens";
import { runStack } from "../helpers/harness";
import { alarm, healthCheck, monitoredStack, subscription, TOPIC } from "./uptime-fixtures";

const home = healthCheck("home", "example.com", "/");
const subject = "Health check home (https://example.com/)";

describe("health-check-down-alarm", () => {
  it("is a mandatory stack rule", () => {
    expect([healthCheckDownAlarm.kind, healthCheckDownAlarm.enforcementLevel]).toEqual(["stack", "mandatory"]);
  });

  it("passes a check whose down alarm in us-east-1 notifies a subscribed topic", () => {
    expect(healthCheckDownAlarm.validate([home, alarm(home, "HealthCheckStatus"), subscription()])).toEqual([]);
    expect(healthCheckDownAlarm.validate(monitoredStack())).toEqual([]);
  });

  it("passes the template's own plan, which has a check per configured URL", async () => {
    const state = (await runStack()).ruleState();
    expect(state.filter((r) => r.type === TYPES.healthCheck)).toHaveLength(3);
    expect(healthCheckDownAlarm.validate(state)).toEqual([]);
  });

  it.each([
    ["no alarm", [home, subscription()], `${subject} has no down alarm: add a CloudWatch alarm on AWS/Route53 HealthCheckStatus with the dimension HealthCheckId set to the check's id.`],
    [
      "an alarm on another check's id",
      [home, alarm(healthCheck("other", "example.com", "/other"), "HealthCheckStatus"), subscription()],
      `${subject} has no down alarm: add a CloudWatch alarm on AWS/Route53 HealthCheckStatus with the dimension HealthCheckId set to the check's id.`,
    ],
    [
      "only a latency alarm",
      [home, alarm(home, "TimeToFirstByte"), subscription()],
      `${subject} has no down alarm: add a CloudWatch alarm on AWS/Route53 HealthCheckStatus with the dimension HealthCheckId set to the check's id.`,
    ],
    [
      "an alarm outside us-east-1",
      [home, alarm(home, "HealthCheckStatus", { region: "eu-west-1", arn: "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x" }), subscription()],
      `${subject}: its down alarm is in eu-west-1, but Route 53 publishes health-check metrics only in us-east-1, so the alarm would never see data. Create it with region: "us-east-1".`,
    ],
    [
      "an alarm without actions",
      [home, alarm(home, "HealthCheckStatus", { alarmActions: [] }), subscription()],
      `${subject}: its down alarm notifies nobody. Put an SNS topic in us-east-1 with at least one subscription (monitoring.alertEmails) in its alarmActions.`,
    ],
    [
      "an alarm notifying a topic nobody subscribed to",
      [home, alarm(home, "HealthCheckStatus")],
      `${subject}: its down alarm notifies nobody. Put an SNS topic in us-east-1 with at least one subscription (monitoring.alertEmails) in its alarmActions.`,
    ],
    [
      "an alarm notifying a topic in another region",
      [home, alarm(home, "HealthCheckStatus", { alarmActions: ["arn:aws:sns:eu-west-1:123456789012:alerts"] }), subscription("arn:aws:sns:eu-west-1:123456789012:alerts")],
      `${subject}: its down alarm notifies nobody. Put an SNS topic in us-east-1 with at least one subscription (monitoring.alertEmails) in its alarmActions.`,
    ],
  ])("fails a check with %s", (_label, resources, message) => {
    expect(healthCheckDownAlarm.validate(resources)).toEqual([{ urn: home.urn, message }]);
  });

  it("fails every check of the template's plan once its down alarms are gone", async () => {
    const state = (await runStack()).ruleState().filter((r) => !(r.type === TYPES.metricAlarm && r.props["metricName"] === "HealthCheckStatus"));
    const checks = state.filter((r) => r.type === TYPES.healthCheck);
    expect(healthCheckDownAlarm.validate(state).map((v) => v.urn)).toEqual(checks.map((c) => c.urn));
  });

  it("falls back to the alarm's ARN for its region", () => {
    const placed = alarm(home, "HealthCheckStatus", { region: undefined, alarmActions: [TOPIC] });
    expect(healthCheckDownAlarm.validate([home, placed, subscription()])).toEqual([]);
  });
});
