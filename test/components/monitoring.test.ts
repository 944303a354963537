import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config";
import { ProgramFailed, type CapturedResource } from "../../cli/plan/engine";
import { AWAITING_CONFIRMATION } from "../../lib/uptime";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, prodValue, runStack, type StackRun } from "../helpers/harness";
import { planCli } from "../helpers/plan-cli";
import { Alerting } from "../../components/alerting";
import { Monitoring } from "../../components/monitoring";
import { childTypes, runComponent } from "../helpers/component";
import { UptimeDashboard } from "../../components/dashboard";

const PROD_MONITORING = prodValue<{ alertEmails: string[]; latencyBudgetMs: number; checks: unknown[] }>("monitoring");
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:brightpath-coaching-com-prod-alerts";
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"];
const TOPIC = "aws:sns/topic:Topic";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/** The HealthCheckId AWS gave the check: the end of its ARN. */
const healthCheckIdOf = (check: CapturedResource) => String(check.outputs["arn"]).split("/").pop();
const inputsByName = (stack: StackRun, type: string) => Object.fromEntries(stack.ofType(type).map((r) => [r.name, stack.inputs(r)]));
/** The Route 53 side: what Monitoring and the us-east-1 half of Alerting create (the flow checks' side is tested in flow-checks.test.ts). */
const route53Side = (stack: StackRun, type: string) =>
  stack.ofType(type).filter((r) => !/^launch-(flows|jobs|slack)-/.test(r.name) && !r.name.includes("eu-west-1"));
const OWNER = "ops@brightpath-coaching.com";

describe("Monitoring: uptime checks", () => {
  it("creates one HTTPS health check per configured check, with SNI on port 443, latency measured, from three regions", async () => {
    const stack = await runStack();
    const common = { port: 443, enableSni: true, requestInterval: 30, failureThreshold: 3, measureLatency: true, regions: REGIONS };
    expect(inputsByName(stack, TYPES.healthCheck)).toEqual({
      "launch-uptime-home": {
        ...common,
        type: "HTTPS_STR_MATCH",
        fqdn: "brightpath-coaching.com",
        resourcePath: "/",
        searchString: "Brightpath",
        tags: { Name: "home https://brightpath-coaching.com/" },
      },
      "launch-uptime-login": {
        ...common,
        type: "HTTPS",
        fqdn: "app.brightpath-coaching.com",
        resourcePath: "/login",
        tags: { Name: "login https://app.brightpath-coaching.com/login" },
      },
      "launch-uptime-api-health": {
        ...common,
        type: "HTTPS_STR_MATCH",
        fqdn: "api.brightpath-coaching.com",
        resourcePath: "/health",
        searchString: "ok",
        tags: { Name: "api-health https://api.brightpath-coaching.com/health" },
      },
    });
    for (const check of stack.ofType(TYPES.healthCheck)) expect(stack.parentOf(check)?.type).toBe("launch-ready:monitoring:Monitoring");
  });

  it("derives the home, login and API health checks from the hosts when the stack gives none", async () => {
    const stack = await runStack(prodConfig({ monitoring: { alertEmails: PROD_MONITORING.alertEmails } }));
    const checks = stack.ofType(TYPES.healthCheck).map((c) => [c.name, stack.inputs(c)["type"], stack.inputs(c)["fqdn"], stack.inputs(c)["resourcePath"]]);
    expect(checks).toEqual([
      ["launch-uptime-home", "HTTPS", "brightpath-coaching.com", "/"],
      ["launch-uptime-login", "HTTPS", "app.brightpath-coaching.com", "/login"],
      ["launch-uptime-api-health", "HTTPS", "api.brightpath-coaching.com", "/health"],
    ]);
  });
});

describe("Monitoring: alarms", () => {
  it("gives each check a down alarm and a latency alarm on its own HealthCheckId, notifying the topic on alarm and on recovery", async () => {
    const stack = await runStack(prodConfig({ monitoring: { ...PROD_MONITORING, latencyBudgetMs: 650 } }));
    const alarms = Object.fromEntries(route53Side(stack, TYPES.metricAlarm).map((r) => [r.name, stack.inputs(r)]));
    expect(Object.keys(alarms).sort()).toEqual(
      ["api-health", "home", "login"].flatMap((c) => [`launch-uptime-${c}-down`, `launch-uptime-${c}-latency`]).sort(),
    );
    const ids = new Set<string>();
    for (const check of stack.ofType(TYPES.healthCheck)) {
      const id = healthCheckIdOf(check)!;
      ids.add(id);
      const name = check.name.replace("launch-uptime-", "");
      const url = `https://${String(stack.inputs(check)["fqdn"])}${String(stack.inputs(check)["resourcePath"])}`;
      const actions = { alarmActions: [TOPIC_ARN], okActions: [TOPIC_ARN], region: "us-east-1", namespace: "AWS/Route53", dimensions: { HealthCheckId: id } };
      expect(alarms[`${check.name}-down`]).toEqual({
        ...actions,
        name: `brightpath-coaching-com-prod-${name}-down`,
        alarmDescription: `${url} has failed Route 53 health checks for 2 minutes in a row. Visitors may not reach it: open it, then check the host's status and the latest deploy. Owner: ${OWNER}.`,
        tags: { Owner: OWNER, AlertKind: "down", Client: "brightpath-coaching.com", Stack: "prod", Subject: name },
        metricName: "HealthCheckStatus",
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        warmUpConfiguration: { warmUpPeriodDurationInMinutes: 15 },
      });
      expect(alarms[`${check.name}-latency`]).toEqual({
        ...actions,
        name: `brightpath-coaching-com-prod-${name}-latency`,
        alarmDescription: `${url} has answered slower than its budget of 650 ms (average time to first byte) for 10 minutes. Check the host's load and the latest deploy. Owner: ${OWNER}.`,
        tags: { Owner: OWNER, AlertKind: "slow", Client: "brightpath-coaching.com", Stack: "prod", Subject: name },
        metricName: "TimeToFirstByte",
        statistic: "Average",
        period: 300,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 650,
        treatMissingData: "ignore",
      });
    }
    // Three checks, three distinct ids: no alarm watches another check.
    expect(ids.size).toBe(3);
  });

  it("puts the alarms, their topic, the subscriptions and the dashboard in us-east-1 whatever aws:region says", async () => {
    for (const region of ["eu-west-1", "ap-southeast-2"]) {
      const stack = await runStack(prodConfig({ "aws:region": region }));
      for (const type of [TYPES.metricAlarm, TOPIC, TYPES.snsTopicSubscription, DASHBOARD]) {
        const resources = route53Side(stack, type);
        expect(resources.length).toBeGreaterThan(0);
        expect(resources.map((r) => stack.inputs(r)["region"])).toEqual(resources.map(() => "us-east-1"));
      }
      expect(route53Side(stack, TYPES.metricAlarm).every((a) => String(a.outputs["arn"]).startsWith("arn:aws:cloudwatch:us-east-1:"))).toBe(true);
      // The secrets follow aws:region: they sit beside the app, not beside the Route 53 metrics.
      expect(stack.ofType(TYPES.secret).every((s) => String(s.outputs["arn"]).startsWith(`arn:aws:secretsmanager:${region}:`))).toBe(true);
    }
  });
});

describe("Alerting", () => {
  it("subscribes each alert address once, by e-mail, to the us-east-1 topic", async () => {
    const emails = ["ops@brightpath-coaching.com", "founder@brightpath-coaching.com", "oncall@example.net"];
    const stack = await runStack(prodConfig({ monitoring: { ...PROD_MONITORING, alertEmails: emails } }));
    const topics = route53Side(stack, TOPIC);
    expect(topics.map((t) => [t.name, stack.inputs(t)])).toEqual([
      ["launch-alerts-topic", { name: "brightpath-coaching-com-prod-alerts", displayName: "Uptime alerts brightpath-coaching.com", region: "us-east-1" }],
    ]);
    expect(topics[0]?.outputs["arn"]).toBe(TOPIC_ARN);
    expect(Object.fromEntries(route53Side(stack, TYPES.snsTopicSubscription).map((r) => [r.name, stack.inputs(r)]))).toEqual(
      Object.fromEntries(emails.map((email) => [`launch-alerts-${email}`, { topic: TOPIC_ARN, protocol: "email", endpoint: email, region: "us-east-1" }])),
    );
    for (const s of stack.ofType(TYPES.snsTopicSubscription)) expect(stack.parentOf(s)?.type).toBe("launch-ready:monitoring:Alerting");
  });

  it("tells in the outputs that each subscription waits for its owner to confirm it", async () => {
    const stack = await runStack();
    expect(stack.outputs["alertTopicArn"]).toBe(TOPIC_ARN);
    expect(stack.outputs["alertSubscriptions"]).toEqual({
      "ops@brightpath-coaching.com": AWAITING_CONFIRMATION,
      "founder@brightpath-coaching.com": AWAITING_CONFIRMATION,
    });
    expect(AWAITING_CONFIRMATION).toMatch(/click "Confirm subscription" in the e-mail from AWS Notifications; no alert reaches the address until then/);
  });
});

describe("UptimeDashboard", () => {
  it("shows every alarm's state and each check's uptime and latency against the budget; its URL is an output", async () => {
    const stack = await runStack();
    const dashboards = stack.ofType(DASHBOARD);
    expect(dashboards.map((d) => [d.name, stack.inputs(d)["dashboardName"], stack.parentOf(d)?.type])).toEqual([
      ["launch-dashboard-dashboard", "brightpath-coaching-com-prod-uptime", "launch-ready:monitoring:UptimeDashboard"],
    ]);
    const body = JSON.parse(String(stack.inputs(dashboards[0]!)["dashboardBody"])) as { widgets: { type: string; properties: Record<string, unknown> }[] };
    const alarmArns = stack.ofType(TYPES.metricAlarm).map((a) => a.outputs["arn"]);
    expect(body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties["alarms"] as string[]).sort()).toEqual([...alarmArns].sort());
    const uptimeWidgets = body.widgets.filter((w) => w.type === "metric" && (w.properties["metrics"] as unknown[][])[0]?.[2] === "HealthCheckId");
    const plotted = uptimeWidgets.map((w) => (w.properties["metrics"] as unknown[][])[0]?.slice(1, 4));
    // One row per check, in config order.
    const expected = ["home", "login", "api-health"].map((name) => stack.named(`launch-uptime-${name}`)).flatMap((c) => [
      ["HealthCheckStatus", "HealthCheckId", healthCheckIdOf(c)],
      ["TimeToFirstByte", "HealthCheckId", healthCheckIdOf(c)],
    ]);
    expect(plotted).toEqual(expected);
    const budgets = uptimeWidgets.flatMap((w) => ((w.properties["annotations"] as { horizontal?: { value: number }[] } | undefined)?.horizontal ?? []).map((h) => h.value));
    expect(budgets).toEqual([1000, 1000, 1000]);
    expect(stack.outputs["dashboardUrl"]).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=brightpath-coaching-com-prod-uptime",
    );
  });
});

/** Bad monitoring config, and the key the error must name. */
const BAD_INPUT: [string, Record<string, unknown>, string, string][] = [
  ["an empty alertEmails", { ...PROD_MONITORING, alertEmails: [] }, "launch-ready:monitoring.alertEmails", "allowed: at least one e-mail address"],
  [
    "a check URL that is not https",
    { ...PROD_MONITORING, checks: [{ name: "home", url: "http://brightpath-coaching.com/" }] },
    "launch-ready:monitoring.checks[0].url",
    "allowed: an https:// URL of a public host",
  ],
  ["a latency budget of zero", { ...PROD_MONITORING, latencyBudgetMs: 0 }, "launch-ready:monitoring.latencyBudgetMs", "allowed: a whole number of milliseconds from 1 to 60000"],
  ["a negative latency budget", { ...PROD_MONITORING, latencyBudgetMs: -250 }, "launch-ready:monitoring.latencyBudgetMs", "allowed: a whole number of milliseconds from 1 to 60000"],
  [
    "a check URL on another port",
    { ...PROD_MONITORING, checks: [{ name: "home", url: "https://brightpath-coaching.com:8443/" }] },
    "launch-ready:monitoring.checks[0].url",
    "allowed: an https:// URL on the default port 443",
  ],
  [
    "the same alert address twice",
    { ...PROD_MONITORING, alertEmails: ["ops@brightpath-coaching.com", "OPS@brightpath-coaching.com"] },
    "launch-ready:monitoring.alertEmails[1]",
    "allowed: each address once",
  ],
];

describe("bad monitoring config is refused with the key named", () => {
  it.each(BAD_INPUT)("by the program, before any resource: %s", async (_label, monitoring, key, allowed) => {
    const error = await runStack(prodConfig({ monitoring })).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ProgramFailed);
    const failed = error as ProgramFailed;
    expect(failed.cause).toBeInstanceOf(ConfigError);
    expect((failed.cause as ConfigError).issues.map((i) => i.key)).toEqual([key]);
    expect((failed.cause as Error).message).toContain(`- ${key}: received `);
    expect((failed.cause as Error).message).toContain(allowed);
    expect(failed.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("by npm run plan, with exit code 2 and no stack trace", async () => {
    const runs = BAD_INPUT.map(async ([, monitoring, key, allowed], i) => ({ ...(await planCli(`bad${i}`, { "launch-ready:monitoring": monitoring })), key, allowed }));
    for (const { code, stdout, stderr, key, allowed } of await Promise.all(runs)) {
      expect(code, stderr).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(new RegExp(`\\(1 problem\\):\\n  - ${key.replace(/[[\].]/g, "\\$&")}: received .+; ${allowed}`));
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("Alerting, constructed directly", () => {
  it("creates a topic per region, us-east-1 first, with an e-mail subscription per address in each", async () => {
    const stack = await runComponent(() => new Alerting("alerts", { domain: "example.com", stack: "prod", emails: ["ops@example.com", "cto@example.com"], otherRegions: ["eu-west-1", "us-east-1"] }));
    expect(childTypes(stack, "launch-ready:monitoring:Alerting")).toEqual({ [TOPIC]: 2, [TYPES.snsTopicSubscription]: 4 });
    expect(stack.ofType(TOPIC).map((r) => stack.inputs(r))).toEqual([
      { name: "example-com-prod-alerts", displayName: "Uptime alerts example.com", region: "us-east-1" },
      { name: "example-com-prod-alerts-eu-west-1", displayName: "Flow alerts example.com", region: "eu-west-1" },
    ]);
    for (const s of stack.ofType(TYPES.snsTopicSubscription)) expect(stack.inputs(s)).toMatchObject({ protocol: "email", endpoint: expect.stringMatching(/^(ops|cto)@example\.com$/) });
    expect((stack.ofType("launch-ready:monitoring:Alerting")[0]?.outputs["subscriptions"] as Record<string, string>)).toEqual({ "ops@example.com": AWAITING_CONFIRMATION, "cto@example.com": AWAITING_CONFIRMATION });
  });
});

describe("Monitoring, constructed directly", () => {
  it("creates a Route 53 health check per page, with a down and a latency alarm in us-east-1 notifying the topic", async () => {
    const checks = [{ name: "home", url: "https://example.com/", expect: "Welcome" }, { name: "login", url: "https://app.example.com/login" }];
    const stack = await runComponent(() => new Monitoring("uptime", { domain: "example.com", stack: "prod", checks, latencyBudgetMs: 800, owners: { down: "ops@example.com", slow: "dev@example.com" }, alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:t" }));
    expect(childTypes(stack, "launch-ready:monitoring:Monitoring")).toEqual({ [TYPES.healthCheck]: 2, [TYPES.metricAlarm]: 4 });
    expect(stack.inputs(stack.named("uptime-login"))).toMatchObject({ type: "HTTPS", fqdn: "app.example.com", port: 443, resourcePath: "/login", enableSni: true, measureLatency: true, tags: { Name: "login https://app.example.com/login" } });
    expect(stack.inputs(stack.named("uptime-home"))).toMatchObject({ type: "HTTPS_STR_MATCH", fqdn: "example.com", searchString: "Welcome" });
    for (const alarm of stack.ofType(TYPES.metricAlarm).map((r) => stack.inputs(r))) {
      expect(alarm).toMatchObject({ region: "us-east-1", alarmActions: ["arn:aws:sns:us-east-1:123456789012:t"], okActions: ["arn:aws:sns:us-east-1:123456789012:t"] });
    }
    expect(stack.inputs(stack.named("uptime-login-latency"))["tags"]).toMatchObject({ Owner: "dev@example.com", AlertKind: "slow" });
    expect(stack.inputs(stack.named("uptime-login-down"))["tags"]).toMatchObject({ Owner: "ops@example.com", AlertKind: "down" });
  });
});

describe("UptimeDashboard, constructed directly", () => {
  it("creates one dashboard in us-east-1 with a widget per check and flow, and exposes its console URL", async () => {
    const checks = [{ name: "home", url: "https://example.com/", healthCheckId: "hc-1", downAlarmArn: "arn:down", latencyAlarmArn: "arn:slow" }];
    const flows = [{ name: "signup", canaryName: "example-com-prod-signup", urls: ["https://app.example.com/signup"], everyMinutes: 10, owner: "ops@example.com", alarmArns: ["arn:broken"] }];
    const stack = await runComponent(() => new UptimeDashboard("dashboard", { domain: "example.com", stack: "prod", latencyBudgetMs: 800, checks, flowRegion: "eu-west-1", flows, jobAlarmArns: [] }));
    expect(childTypes(stack, "launch-ready:monitoring:UptimeDashboard")).toEqual({ "aws:cloudwatch/dashboard:Dashboard": 1 });
    const inputs = stack.inputs(stack.named("dashboard-dashboard"));
    expect([inputs["dashboardName"], inputs["region"]]).toEqual(["example-com-prod-uptime", "us-east-1"]);
    const body = String(inputs["dashboardBody"]);
    for (const text of ["hc-1", "arn:down", "arn:slow", "arn:broken", "example-com-prod-signup", "eu-west-1"]) expect(body).toContain(text);
    expect(stack.ofType("launch-ready:monitoring:UptimeDashboard")[0]?.outputs["url"]).toBe("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=example-com-prod-uptime");
  });
});
