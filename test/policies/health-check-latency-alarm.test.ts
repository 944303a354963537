import { describe, expect, it } from "vitest";
import { healthCheckLatencyAlarm } from "../../policies/rules/monitoring/health-check-latency-alarm";
import { TYPES } from "../../model/type-tokens";
import { runStack } from "../helpers/harness";
import { alarm, healthCheck, monitoredStack, subscription } from "./uptime-fixtures";

const login = healthCheck("login", "app.example.com", "/login");
const subject = "Health check login (https://app.example.com/login)";

describe("health-check-latency-alarm", () => {
  it("is an advisory stack rule", () => {
    expect([healthCheckLatencyAlarm.kind, healthCheckLatencyAlarm.enforcementLevel]).toEqual(["stack", "advisory"]);
  });

  it.each(["TimeToFirstByte", "ConnectionTime", "SSLHandshakeTime"])("passes a latency-measuring check with a %s alarm that notifies a subscribed topic", (metric) => {
    expect(healthCheckLatencyAlarm.validate([login, alarm(login, metric), subscription()])).toEqual([]);
  });

  it("passes the template's own plan", async () => {
    expect(healthCheckLatencyAlarm.validate((await runStack()).ruleState())).toEqual([]);
    expect(healthCheckLatencyAlarm.validate(monitoredStack())).toEqual([]);
  });

  it.each([
    [
      "latency not measured",
      [healthCheck("login", "app.example.com", "/login", { measureLatency: false }), alarm(login, "TimeToFirstByte"), subscription()],
      `${subject} does not measure latency: set measureLatency: true (it replaces the check, so do it before launch).`,
    ],
    [
      "only a down alarm",
      [login, alarm(login, "HealthCheckStatus"), subscription()],
      `${subject} has no latency alarm: add a CloudWatch alarm on AWS/Route53 TimeToFirstByte or ConnectionTime or SSLHandshakeTime with the dimension HealthCheckId set to the check's id.`,
    ],
    [
      "a latency alarm outside us-east-1",
      [login, alarm(login, "TimeToFirstByte", { region: "eu-central-1" }), subscription()],
      `${subject}: its latency alarm is in eu-central-1, but Route 53 publishes health-check metrics only in us-east-1, so the alarm would never see data. Create it with region: "us-east-1".`,
    ],
    [
      "a latency alarm that tells nobody",
      [login, alarm(login, "TimeToFirstByte")],
      `${subject}: its latency alarm notifies nobody. Put an SNS topic in us-east-1 with at least one subscription (monitoring.alertEmails) in its alarmActions.`,
    ],
  ])("fails a check with %s", (_label, resources, message) => {
    expect(healthCheckLatencyAlarm.validate(resources)).toEqual([{ urn: login.urn, message }]);
  });

  it("fails every check of the template's plan once its latency alarms are gone", async () => {
    const state = (await runStack()).ruleState().filter((r) => !(r.type === TYPES.metricAlarm && r.props["metricName"] === "TimeToFirstByte"));
    expect(healthCheckLatencyAlarm.validate(state)).toHaveLength(3);
  });
});
