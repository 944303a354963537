import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config";
import { ProgramFailed } from "../../cli/plan/engine";
import { mockId } from "../../cli/plan/mocks";
import { SLACK_GUARDRAIL_POLICY_ARN } from "../../components/slack-alerts";
import { TYPES } from "../../model/type-tokens";
import { PROJECT_DIR, prodConfig, prodValue, runStack, secretPaths, type StackRun } from "../helpers/harness";
import { FlowChecks } from "../../components/flow-checks";
import { childTypes, runComponent } from "../helpers/component";

const CANARY = "aws:synthetics/canary:Canary";
const CODE = "aws:s3/bucketObjectv2:BucketObjectv2";
const SLACK = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration";
const NOTIFICATION = "cloudflare:index/notificationPolicy:NotificationPolicy";
const WEBHOOK = "cloudflare:index/notificationPolicyWebhooks:NotificationPolicyWebhooks";
const FLOW_TOPIC = "arn:aws:sns:eu-west-1:123456789012:brightpath-coaching-com-prod-alerts-eu-west-1";
const OPS = "ops@brightpath-coaching.com";
const FOUNDER = "founder@brightpath-coaching.com";
const SOURCE = readFileSync(join(PROJECT_DIR, "canary", "flow-check.js"), "utf8");

const PROD_MONITORING = prodValue("monitoring");
const PROD_CLOUDFLARE = prodValue("cloudflare");
const inputsByName = (stack: StackRun, type: string) => Object.fromEntries(stack.ofType(type).map((r) => [r.name, stack.inputs(r)]));

/** The Pro stack: the template's, on a Pro zone, with Cloudflare's alerts also sent to Slack. */
const proStack = () =>
  runStack(
    prodConfig(
      {
        cloudflare: { ...PROD_CLOUDFLARE, plan: "pro" },
        rateLimits: undefined,
        monitoring: { ...PROD_MONITORING, slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23", cloudflareWebhook: true } },
      },
      // Joined at run time: the repository's secret scan (rightly) refuses a webhook URL written out.
      { slackWebhookUrl: ["https://hooks.slack.com/services", "T07EA123LEP", "B0000000000", "abcdefGHIJKLmnopQRSTuvwx"].join("/") },
    ),
  );

describe("FlowChecks: a canary per key flow, from the region nearest the customers", () => {
  it("runs the repository's flow-check.js on the pinned runtime, every 15 minutes for pages and every 5 for the API, started", async () => {
    const stack = await runStack();
    const canaries = inputsByName(stack, CANARY);
    expect(Object.keys(canaries)).toEqual(["launch-flows-login", "launch-flows-booking", "launch-flows-api-health"]);
    const expected = {
      "launch-flows-login": ["brightpath-coaching-com-prod-login", "rate(15 minutes)", 80, [{ url: "https://app.brightpath-coaching.com/login", expect: "Sign in" }]],
      "launch-flows-booking": ["brightpath-coaching-com-prod-booking", "rate(15 minutes)", 80, [{ url: "https://app.brightpath-coaching.com/app/booking", expect: "Book a session" }]],
      "launch-flows-api-health": ["brightpath-coaching-com-prod-api-health", "rate(5 minutes)", 80, [{ url: "https://api.brightpath-coaching.com/health", expect: "ok" }]],
    } as const;
    for (const [name, [canaryName, schedule, timeout, steps]] of Object.entries(expected)) {
      const canary = canaries[name]!;
      expect(canary).toMatchObject({
        name: canaryName,
        region: "eu-west-1",
        runtimeVersion: "syn-nodejs-puppeteer-11.0",
        handler: "flow-check.handler",
        schedule: { expression: schedule },
        startCanary: true,
        successRetentionPeriod: 7,
        failureRetentionPeriod: 31,
        artifactS3Location: `s3://brightpath-coaching-com-prod-canaries-eu-west-1/runs/${name.replace("launch-flows-", "")}/`,
      });
      const runConfig = canary["runConfig"] as { timeoutInSeconds: number; environmentVariables: { FLOW_CHECK: string } };
      expect(runConfig.timeoutInSeconds).toBe(timeout);
      expect(JSON.parse(runConfig.environmentVariables.FLOW_CHECK)).toEqual({ flow: name.replace("launch-flows-", ""), canary: canaryName, steps, samples: 5, timeoutMs: 10_000 });
      expect(stack.parentOf(stack.named(name))?.type).toBe("launch-ready:monitoring:FlowChecks");
    }
  });

  it("deploys the very source the tests run, zipped as nodejs/node_modules/flow-check.js, under a key that changes with it", async () => {
    const stack = await runStack();
    const [code] = stack.ofType(CODE);
    const inputs = stack.inputs(code!);
    expect(inputs["key"]).toMatch(/^code\/flow-check-[0-9a-f]{16}\.zip$/);
    const archive = inputs["source"] as { assets: Record<string, { text: string }> };
    expect(Object.keys(archive.assets)).toEqual(["nodejs/node_modules/flow-check.js"]);
    expect(archive.assets["nodejs/node_modules/flow-check.js"]!.text).toBe(SOURCE);
    for (const canary of Object.values(inputsByName(stack, CANARY))) expect(canary["s3Key"]).toBe(inputs["key"]);
  });

  it("lets the canaries write only their bucket, their logs and their two metric namespaces", async () => {
    const stack = await runStack();
    const policy = JSON.parse(String(stack.inputs(stack.named("launch-flows-role-policy"))["policy"])) as { Statement: { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[] };
    expect(policy.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ["WriteRunArtifacts", ["s3:PutObject", "s3:GetObject"], ["arn:aws:s3:::brightpath-coaching-com-prod-canaries-eu-west-1/*"]],
      ["FindArtifactBucket", ["s3:GetBucketLocation"], ["arn:aws:s3:::brightpath-coaching-com-prod-canaries-eu-west-1"]],
      ["ListBucketsForSynthetics", ["s3:ListAllMyBuckets"], ["*"]],
      ["WriteCanaryLogs", ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:eu-west-1:*:log-group:/aws/lambda/cwsyn-*"]],
      ["PublishFlowMetrics", ["cloudwatch:PutMetricData"], ["*"]],
    ]);
    expect(policy.Statement[4]!.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": ["CloudWatchSynthetics", "LaunchReady/Flows"] } });
    expect(JSON.parse(String(stack.inputs(stack.named("launch-flows-role"))["assumeRolePolicy"]))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(stack.inputs(stack.named("launch-flows-artifacts-private"))).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  });
});

describe("FlowChecks: broken-flow, error-rate and p95 alarms", () => {
  it("pins each alarm's metric, statistic, period, threshold and missing-data treatment", async () => {
    const stack = await runStack();
    const pick = (name: string) => {
      const a = stack.inputs(stack.named(name));
      return [a["namespace"], a["metricName"], a["dimensions"], a["statistic"] ?? a["extendedStatistic"], a["period"], a["evaluationPeriods"], a["datapointsToAlarm"], a["comparisonOperator"], a["threshold"], a["treatMissingData"], a["warmUpConfiguration"]];
    };
    const login = { CanaryName: "brightpath-coaching-com-prod-login" };
    const loginOwn = { Canary: "brightpath-coaching-com-prod-login" };
    const api = { CanaryName: "brightpath-coaching-com-prod-api-health" };
    const apiOwn = { Canary: "brightpath-coaching-com-prod-api-health" };
    expect(pick("launch-flows-login-broken")).toEqual(["CloudWatchSynthetics", "SuccessPercent", login, "Average", 900, 1, 1, "LessThanThreshold", 100, "breaching", { warmUpPeriodDurationInMinutes: 40 }]);
    expect(pick("launch-flows-login-errors")).toEqual(["LaunchReady/Flows", "Errors", loginOwn, "Average", 2700, 2, 2, "GreaterThanThreshold", 0.1, "ignore", undefined]);
    expect(pick("launch-flows-login-p95")).toEqual(["LaunchReady/Flows", "ResponseTime", loginOwn, "p95", 2700, 2, 2, "GreaterThanThreshold", 1000, "ignore", undefined]);
    expect(pick("launch-flows-api-health-broken")).toEqual(["CloudWatchSynthetics", "SuccessPercent", api, "Average", 300, 2, 2, "LessThanThreshold", 100, "breaching", { warmUpPeriodDurationInMinutes: 20 }]);
    expect(pick("launch-flows-api-health-errors")).toEqual(["LaunchReady/Flows", "Errors", apiOwn, "Average", 900, 2, 2, "GreaterThanThreshold", 0.1, "ignore", undefined]);
    expect(pick("launch-flows-api-health-p95")).toEqual(["LaunchReady/Flows", "ResponseTime", apiOwn, "p95", 900, 2, 2, "GreaterThanThreshold", 1000, "ignore", undefined]);
    // A percentile alarm carries no plain statistic (AWS refuses both).
    expect(stack.inputs(stack.named("launch-flows-login-p95"))).not.toHaveProperty("statistic");
  });

  it("notifies the flow region's topic when firing and recovering, and names client, flow and owner", async () => {
    const stack = await runStack();
    const alarms = stack.ofType(TYPES.metricAlarm).filter((a) => a.name.startsWith("launch-flows-"));
    expect(alarms).toHaveLength(9);
    for (const alarm of alarms) {
      const inputs = stack.inputs(alarm);
      const flow = alarm.name.replace(/^launch-flows-/, "").replace(/-(broken|errors|p95)$/, "");
      const owner = flow === "booking" ? FOUNDER : OPS;
      expect(inputs).toMatchObject({ region: "eu-west-1", alarmActions: [FLOW_TOPIC], okActions: [FLOW_TOPIC] });
      expect(inputs["name"]).toBe(`brightpath-coaching-com-prod-${alarm.name.replace("launch-flows-", "")}`);
      expect(String(inputs["alarmDescription"])).toContain(`The ${flow} flow`);
      expect(String(inputs["alarmDescription"]).endsWith(`Owner: ${owner}.`)).toBe(true);
      expect((inputs["tags"] as Record<string, string>)).toMatchObject({ Owner: owner, Client: "brightpath-coaching.com", Stack: "prod", Subject: flow });
    }
    // The flow topic mails the same people (each confirms once more), beside the us-east-1 one.
    expect(stack.ofType(TYPES.snsTopicSubscription).map((s) => [s.name, stack.inputs(s)["region"]])).toEqual([
      ["launch-alerts-ops@brightpath-coaching.com", "us-east-1"],
      ["launch-alerts-founder@brightpath-coaching.com", "us-east-1"],
      ["launch-alerts-eu-west-1-ops@brightpath-coaching.com", "eu-west-1"],
      ["launch-alerts-eu-west-1-founder@brightpath-coaching.com", "eu-west-1"],
    ]);
  });

  it("gives the Route 53 alarms their owner too", async () => {
    const stack = await runStack();
    const down = stack.inputs(stack.named("launch-uptime-home-down"));
    expect(String(down["alarmDescription"]).endsWith(`Owner: ${OPS}.`)).toBe(true);
    expect(down["tags"]).toEqual({ Owner: OPS, AlertKind: "down", Client: "brightpath-coaching.com", Stack: "prod", Subject: "home" });
  });

  it("derives the login and API health flows from the checks when the stack names none", async () => {
    const { flows: _flows, ...withoutFlows } = PROD_MONITORING;
    const stack = await runStack(prodConfig({ monitoring: withoutFlows }));
    expect(stack.ofType(CANARY).map((c) => [c.name, (stack.inputs(c)["schedule"] as { expression: string }).expression])).toEqual([
      ["launch-flows-login", "rate(15 minutes)"],
      ["launch-flows-api-health", "rate(5 minutes)"],
    ]);
  });
});

describe("Slack through AWS Chatbot", () => {
  it("posts every alert topic to the stack's channel, capped read-only, members acting with their own permissions", async () => {
    const stack = await runStack();
    expect(stack.ofType(SLACK)).toHaveLength(1);
    expect(stack.inputs(stack.named("launch-slack-channel"))).toEqual({
      configurationName: "brightpath-coaching-com-prod-alerts",
      slackTeamId: "T07EA123LEP",
      slackChannelId: "C07EZ1ABC23",
      iamRoleArn: "arn:aws:iam::123456789012:role/brightpath-coaching-com-prod-slack-alerts",
      snsTopicArns: ["arn:aws:sns:us-east-1:123456789012:brightpath-coaching-com-prod-alerts", FLOW_TOPIC],
      guardrailPolicyArns: [SLACK_GUARDRAIL_POLICY_ARN],
      userAuthorizationRequired: true,
      loggingLevel: "ERROR",
    });
    expect(SLACK_GUARDRAIL_POLICY_ARN).toBe("arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess");
    expect(stack.inputs(stack.named("launch-slack-role-read-only"))["policyArn"]).toBe(SLACK_GUARDRAIL_POLICY_ARN);
    expect(JSON.parse(String(stack.inputs(stack.named("launch-slack-role"))["assumeRolePolicy"])).Statement[0].Principal).toEqual({ Service: "chatbot.amazonaws.com" });
    expect(stack.outputs["monitoringNeedsAPerson"]).toContainEqual(expect.stringMatching(/^Before the first pulumi up: authorise the Slack workspace T07EA123LEP once in the AWS Chatbot console/));
  });

  it("creates no Slack resource when the stack names no channel", async () => {
    const { slack: _slack, ...withoutSlack } = PROD_MONITORING;
    const stack = await runStack(prodConfig({ monitoring: withoutSlack }));
    expect(stack.ofType(SLACK)).toEqual([]);
    expect(stack.resources.filter((r) => r.name.startsWith("launch-slack"))).toEqual([]);
  });
});

describe("Cloudflare notifications by plan", () => {
  const byName = (stack: StackRun) =>
    Object.fromEntries(stack.ofType(NOTIFICATION).map((n) => { const i = stack.inputs(n); return [n.name, [i["alertType"], i["mechanisms"]]]; }));
  const emails = [{ id: OPS }, { id: FOUNDER }];

  it("Free: DDoS attack, origin unreachable and edge certificate, by e-mail only (no other mechanism list, which would drift)", async () => {
    const stack = await runStack();
    expect(byName(stack)).toEqual({
      "launch-edge-alerts-ddos": ["dos_attack_l7", { emails }],
      "launch-edge-alerts-origin-unreachable": ["real_origin_monitoring", { emails }],
      "launch-edge-alerts-edge-certificate": ["universal_ssl_event_type", { emails }],
    });
    expect(stack.ofType(WEBHOOK)).toEqual([]);
    for (const n of stack.ofType(NOTIFICATION)) expect(stack.inputs(n)).toMatchObject({ accountId: PROD_CLOUDFLARE["accountId"], enabled: true });
    expect(String(stack.inputs(stack.named("launch-edge-alerts-ddos"))["description"]).endsWith(`Owner: ${OPS}.`)).toBe(true);
  });

  it("Pro: the same alerts also to the Slack webhook, whose secret part stays secret", async () => {
    const stack = await proStack();
    const [hook] = stack.ofType(WEBHOOK);
    expect(stack.inputs(hook!)).toMatchObject({ url: "https://hooks.slack.com/services/T07EA123LEP/B0000000000", secret: "abcdefGHIJKLmnopQRSTuvwx" });
    expect(secretPaths(hook!.inputs)).toContain("secret");
    const webhooks = [{ id: mockId(WEBHOOK, hook!.name) }];
    expect(byName(stack)).toEqual({
      "launch-edge-alerts-ddos": ["dos_attack_l7", { emails, webhooks }],
      "launch-edge-alerts-origin-unreachable": ["real_origin_monitoring", { emails, webhooks }],
      "launch-edge-alerts-edge-certificate": ["universal_ssl_event_type", { emails, webhooks }],
    });
  });

  it("Free: refuses a Cloudflare webhook before any resource exists, naming the key", async () => {
    const error = await runStack(prodConfig({ monitoring: { ...PROD_MONITORING, slack: { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23", cloudflareWebhook: true } } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramFailed);
    const cause = (error as ProgramFailed).cause;
    expect(cause).toBeInstanceOf(ConfigError);
    expect(String((cause as ConfigError).message)).toContain("launch-ready:monitoring.slack.cloudflareWebhook: received true; allowed: false on the free plan: Cloudflare webhooks need a Pro (or higher) zone in the account");
    expect((error as ProgramFailed).resources.filter((r) => r.custom)).toEqual([]);
  });
});

describe("Error tracking DSN", () => {
  it("is a Secrets Manager secret beside the others, waiting without a value until a person sets it", async () => {
    const stack = await runStack();
    expect(stack.inputs(stack.named("launch-secrets-errorTrackerDsn"))["name"]).toBe("brightpath-coaching.com/prod/errorTrackerDsn");
    expect(stack.resources.find((r) => r.name === "launch-secrets-errorTrackerDsn-value")).toBeUndefined();
    expect(stack.outputs["monitoringNeedsAPerson"]).toContain(
      "Set the error tracker's DSN (Sentry: Project settings → Client Keys (DSN)): pulumi config set --secret --stack prod launch-ready:errorTrackerDsn '<DSN>', then pulumi up. Until then the secret brightpath-coaching.com/prod/errorTrackerDsn exists without a value.",
    );
  });

  it("stores the DSN, as a secret, once the stack has it", async () => {
    const stack = await runStack(prodConfig({}, { errorTrackerDsn: "https://abc@o1.ingest.sentry.io/2" }));
    const version = stack.named("launch-secrets-errorTrackerDsn-value");
    expect(secretPaths(version.inputs)).toEqual(["secretString"]);
    expect((stack.outputs["monitoringNeedsAPerson"] as string[]).some((s) => s.startsWith("Set the error tracker's DSN"))).toBe(false);
  });
});

describe("the dashboard", () => {
  it("shows p50 and p95 per flow against the budget, failed requests and successful runs, and the flows' alarm states", async () => {
    const stack = await runStack();
    const body = JSON.parse(String(stack.inputs(stack.ofType("aws:cloudwatch/dashboard:Dashboard")[0]!)["dashboardBody"])) as { widgets: { type: string; properties: Record<string, unknown> }[] };
    const titles = body.widgets.map((w) => w.properties["title"]);
    for (const flow of ["login", "booking", "api-health"]) {
      const latency = body.widgets.find((w) => w.properties["title"] === `${flow}: p50 and p95 response time (ms), brightpath-coaching-com-prod-${flow}`);
      expect(latency?.properties).toMatchObject({ region: "eu-west-1", annotations: { horizontal: [{ label: "budget", value: 1000 }] } });
      expect((latency?.properties["metrics"] as unknown[][]).map((m) => (m[4] as { stat: string }).stat)).toEqual(["p50", "p95"]);
      expect(titles).toContain(`${flow}: failed requests and successful runs (%), owner ${flow === "booking" ? FOUNDER : OPS}`);
    }
    const flowAlarms = body.widgets.find((w) => w.properties["title"] === "Key flow and scheduled job alarms (eu-west-1)");
    expect(flowAlarms?.properties["alarms"]).toHaveLength(10);
    expect(flowAlarms?.properties["alarms"]).toContain("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:brightpath-coaching-com-prod-booking-reminders-missed");
  });
});

describe("bad flow, owner and Slack config is refused before any resource, with the key named", () => {
  const slack = { workspaceId: "T07EA123LEP", channelId: "C07EZ1ABC23" };
  it.each([
    ["a flow step that is not https", { flows: [{ name: "login", steps: [{ url: "http://app.brightpath-coaching.com/login" }] }] }, "launch-ready:monitoring.flows[0].steps[0].url", "allowed: an https:// URL of a public host"],
    ["two flows of one name", { flows: [{ name: "login", steps: [{ url: "https://app.brightpath-coaching.com/login" }] }, { name: "login", steps: [{ url: "https://app.brightpath-coaching.com/signin" }] }] }, "launch-ready:monitoring.flows[1].name", "allowed: a name used once"],
    ["a flow without steps", { flows: [{ name: "login", steps: [] }] }, "launch-ready:monitoring.flows[0].steps", "allowed: 1 to 5 steps"],
    ["an owner AWS tags cannot hold", { owners: { down: "ops; rm -rf" } }, "launch-ready:monitoring.owners.down", "allowed: 1 to 128 letters, digits, spaces or _ . : / = + - @"],
    ["a Slack channel name instead of its id", { slack: { ...slack, channelId: "#alerts" } }, "launch-ready:monitoring.slack.channelId", "allowed: the Slack channel id: C (or G) then capital letters and digits"],
    ["an error rate over 100 %", { errorRatePercent: 150 }, "launch-ready:monitoring.errorRatePercent", "allowed: a whole number of percent from 1 to 100"],
  ])("%s", async (_label, change, key, allowed) => {
    const error = await runStack(prodConfig({ monitoring: { ...PROD_MONITORING, ...change } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramFailed);
    const cause = (error as ProgramFailed).cause as ConfigError;
    expect(cause).toBeInstanceOf(ConfigError);
    const issue = cause.issues.find((i) => i.key === key);
    expect(issue?.allowed).toContain(allowed.replace(/^allowed: /, ""));
    expect((error as ProgramFailed).resources.filter((r) => r.custom)).toEqual([]);
  });
});

describe("heartbeats for scheduled jobs", () => {
  it("gives each job an alarm on its heartbeat that fires after two silent intervals, and the app a policy to send it", async () => {
    const stack = await runStack();
    const alarm = stack.inputs(stack.named("launch-jobs-booking-reminders-missed"));
    expect(alarm).toMatchObject({
      name: "brightpath-coaching-com-prod-booking-reminders-missed",
      region: "eu-west-1",
      namespace: "LaunchReady/Jobs",
      metricName: "Heartbeat",
      dimensions: { Job: "brightpath-coaching-com-prod-booking-reminders" },
      statistic: "Sum",
      period: 3600,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      warmUpConfiguration: { warmUpPeriodDurationInMinutes: 130 },
      alarmActions: [FLOW_TOPIC],
      okActions: [FLOW_TOPIC],
      tags: { Owner: OPS, AlertKind: "jobs", Client: "brightpath-coaching.com", Stack: "prod", Subject: "booking-reminders" },
    });
    expect(String(alarm["alarmDescription"]).endsWith(`Owner: ${OPS}.`)).toBe(true);
    const policy = JSON.parse(String(stack.inputs(stack.named("launch-jobs-publish"))["policy"]));
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "PublishJobHeartbeats", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": ["LaunchReady/Jobs"] } } }],
    });
    expect(stack.outputs["jobHeartbeatPolicyArn"]).toBe("arn:aws:iam::123456789012:policy/brightpath-coaching-com-prod-job-heartbeats");
    expect(stack.outputs["monitoringNeedsAPerson"]).toContainEqual(expect.stringContaining("aws cloudwatch put-metric-data --region eu-west-1 --namespace LaunchReady/Jobs --metric-name Heartbeat --dimensions Job=brightpath-coaching-com-prod-booking-reminders --value 1"));
  });

  it("creates no heartbeat resources when the stack declares no job", async () => {
    const stack = await runStack(prodConfig({ monitoring: { ...PROD_MONITORING, jobs: [] } }));
    expect(stack.resources.filter((r) => r.name.startsWith("launch-jobs"))).toEqual([]);
    expect("jobHeartbeatPolicyArn" in stack.outputs).toBe(false);
  });
});

describe("FlowChecks, constructed directly", () => {
  const flow = { name: "signup", steps: [{ url: "https://app.example.com/signup", expect: "Create account" }, { url: "https://app.example.com/api/health" }], everyMinutes: 10 };
  const args = {
    domain: "example.com",
    stack: "prod",
    flows: [flow, { ...flow, name: "login", owner: "auth-team@example.com" }],
    region: "eu-west-1",
    latencyBudgetMs: 1500,
    errorRatePercent: 5,
    owners: { down: "ops@example.com", errors: "dev@example.com", slow: "perf@example.com" },
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:t",
  };

  it("creates one private artifacts bucket, the code, a role, and per flow a started canary with three alarms", async () => {
    const stack = await runComponent(() => new FlowChecks("flows", args), { awsRegion: "eu-west-1" });
    expect(childTypes(stack, "launch-ready:monitoring:FlowChecks")).toEqual({
      "aws:s3/bucket:Bucket": 1,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
      [CODE]: 1,
      "aws:iam/role:Role": 1,
      [TYPES.iamRolePolicy]: 1,
      [CANARY]: 2,
      [TYPES.metricAlarm]: 6,
    });
    expect(stack.inputs(stack.named("flows-artifacts-private"))).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const canary = stack.inputs(stack.named("flows-signup"));
    expect(canary).toMatchObject({ name: "example-com-prod-signup", region: "eu-west-1", startCanary: true, schedule: { expression: "rate(10 minutes)" } });
    const script = JSON.parse((canary["runConfig"] as { environmentVariables: { FLOW_CHECK: string } }).environmentVariables.FLOW_CHECK) as { steps: unknown[] };
    expect(script.steps).toEqual([{ url: "https://app.example.com/signup", expect: "Create account" }, { url: "https://app.example.com/api/health" }]);
    for (const alarm of stack.ofType(TYPES.metricAlarm).map((r) => stack.inputs(r))) {
      expect(alarm).toMatchObject({ region: "eu-west-1", alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn] });
    }
  });

  it("routes each alarm to the owner of its kind, unless the flow names its own", async () => {
    const stack = await runComponent(() => new FlowChecks("flows", args), { awsRegion: "eu-west-1" });
    const owners = (flowName: string) => stack.ofType(TYPES.metricAlarm).filter((r) => r.name.startsWith(`flows-${flowName}-`)).map((r) => (stack.inputs(r)["tags"] as Record<string, string>)["Owner"]).sort();
    expect(owners("signup")).toEqual(["dev@example.com", "ops@example.com", "perf@example.com"]);
    expect(owners("login")).toEqual(["auth-team@example.com", "auth-team@example.com", "auth-team@example.com"]);
  });
});
