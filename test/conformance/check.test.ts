import { describe, expect, it } from "vitest";
import { checkAwsEnums, checkPlanLimits, checkSchema, checkTtl, checkZoneSetting, tfName, type PlannedResource } from "../../conformance/check";
import { loadFacts } from "../../conformance/facts";

const facts = loadFacts();
const schema = (type: string) => facts.provider.resources[type]?.attributes ?? {};
const ZONE = "cloudflare:index/zone:Zone";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const NOTIFICATION = "cloudflare:index/notificationPolicy:NotificationPolicy";

const ruleset = (phase: string, rules: Record<string, unknown>[]): PlannedResource => ({ urn: "urn:x", type: RULESET, name: `rs-${phase}`, inputs: { zoneId: "z", kind: "zone", name: "n", phase, rules } });
const rateLimit = (ratelimit: Record<string, unknown>, action = "block", expression = 'http.request.uri.path eq "/login"') => ({ ref: "rl", action, expression, ratelimit });

describe("checkSchema: the provider's attribute schema", () => {
  it("passes inputs the provider accepts, nested lists included", () => {
    expect(checkSchema({ account: { id: "a" }, name: "example.com", type: "full" }, schema(ZONE))).toEqual([]);
    expect(checkSchema(ruleset("http_ratelimit", [rateLimit({ characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 5, mitigationTimeout: 10 })]).inputs, schema(RULESET))).toEqual([]);
    expect(checkSchema({ accountId: "a", alertType: "dos_attack_l7", enabled: true, name: "n", mechanisms: { emails: [{ id: "ops@example.com" }] } }, schema(NOTIFICATION))).toEqual([]);
  });

  it("refuses an output-only attribute (Zone.plan: a paid plan is a ZoneSubscription), an unknown one and a missing required one", () => {
    expect(checkSchema({ account: { id: "a" }, name: "example.com", plan: { id: "pro" } }, schema(ZONE))).toContain("plan: output-only, the provider computes it");
    expect(checkSchema({ account: { id: "a" }, name: "example.com", planId: "pro" }, schema(ZONE))).toEqual(["plan_id: the provider has no such attribute"]);
    expect(checkSchema({ name: "example.com" }, schema(ZONE))).toEqual(["account: required, not set"]);
  });

  it("refuses values outside the provider's enums and bounds, at their path", () => {
    const bad = ruleset("http_ratelimits", [{ ref: "r", action: "deny", expression: "true", actionParameters: { phases: ["http_request_sbfm", "bogus"] } }]);
    expect(checkSchema(bad.inputs, schema(RULESET))).toEqual([
      expect.stringMatching(/^phase: "http_ratelimits" is not one of ddos_l4, /),
      expect.stringMatching(/^rules\[0\]\.action: "deny" is not one of block, /),
      expect.stringMatching(/^rules\[0\]\.action_parameters\.phases: element "bogus" is not one of /),
    ]);
    const redirect = ruleset("http_request_dynamic_redirect", [{ ref: "r", action: "redirect", expression: "true", actionParameters: { fromValue: { statusCode: 304, targetUrl: { value: "https://x" } } } }]);
    expect(checkSchema(redirect.inputs, schema(RULESET))).toEqual(["rules[0].action_parameters.from_value.status_code: 304 is not one of 301, 302, 303, 307, 308, 0"]);
  });

  it("maps Pulumi's camelCase and pluralized list names to the provider's", () => {
    expect(tfName("mitigationTimeout")).toBe("mitigation_timeout");
    expect(checkSchema({ accountId: "a", alertType: "dos_attack_l7", name: "n", mechanisms: { pagerduties: [{ id: "p" }] } }, schema(NOTIFICATION))).toEqual([]);
  });
});

describe("zone settings, TTLs and AWS enums", () => {
  it("takes each setting's documented values and refuses others", () => {
    const settings = facts.provider.zoneSettings.settings;
    expect(checkZoneSetting({ settingId: "ssl", value: "strict" }, settings)).toEqual([]);
    expect(checkZoneSetting({ settingId: "min_tls_version", value: "1.2" }, settings)).toEqual([]);
    expect(checkZoneSetting({ settingId: "security_header", value: { strict_transport_security: {} } }, settings)).toEqual([]);
    expect(checkZoneSetting({ settingId: "ssl", value: "full_strict" }, settings)).toEqual(['value: ssl takes off, flexible, full, strict, received "full_strict"']);
    expect(checkZoneSetting({ settingId: "tls_1_3", value: "zrt" }, settings)).toEqual([]);
    expect(checkZoneSetting({ settingId: "hsts", value: "on" }, settings)).toEqual(['setting_id: "hsts" is not a zone setting the provider documents']);
  });

  it("takes TTL 1 or 60 to 86400, and 30 only on Enterprise", () => {
    const rule = facts.provider.dnsRecordTtl.rule;
    expect(rule).toEqual({ automatic: 1, min: 60, max: 86400, enterpriseMin: 30 });
    expect([1, 60, 3600, 86400].flatMap((ttl) => checkTtl({ ttl }, rule, "free"))).toEqual([]);
    expect(checkTtl({ ttl: 30 }, rule, "enterprise")).toEqual([]);
    expect(checkTtl({ ttl: 30 }, rule, "pro")).toEqual(["ttl: 30 is neither 1 (automatic) nor between 60 and 86400 on the pro plan"]);
    expect(checkTtl({ ttl: 0 }, rule, "free")).toHaveLength(1);
  });

  it("takes the SDK's enum values for checks, alarms and SES, and refuses others", () => {
    const check = (type: string, inputs: Record<string, unknown>) => checkAwsEnums({ urn: "u", type, name: "n", inputs }, facts.aws);
    expect(check("aws:route53/healthCheck:HealthCheck", { type: "HTTPS_STR_MATCH", regions: ["us-east-1", "eu-west-1", "ap-southeast-1"] })).toEqual([]);
    expect(check("aws:route53/healthCheck:HealthCheck", { type: "HTTPS_STRING_MATCH", regions: ["eu-central-1"] })).toEqual([
      expect.stringMatching(/^type: "HTTPS_STRING_MATCH" is not a HealthCheckType/),
      expect.stringMatching(/^regions\[\]: "eu-central-1" is not a HealthCheckRegion/),
    ]);
    expect(check("aws:cloudwatch/metricAlarm:MetricAlarm", { statistic: "Minimum", comparisonOperator: "LessThanThreshold" })).toEqual([]);
    expect(check("aws:cloudwatch/metricAlarm:MetricAlarm", { statistic: "p95", comparisonOperator: "LessThan" })).toHaveLength(2);
    expect(check("aws:sesv2/emailIdentity:EmailIdentity", { dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" } })).toEqual([]);
    expect(check("aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes", { behaviorOnMxFailure: "REJECT" })).toHaveLength(1);
  });
});

describe("checkPlanLimits: Cloudflare's documented per-plan limits", () => {
  const free = (rl: Record<string, unknown>, action?: string, expression?: string) => checkPlanLimits([ruleset("http_ratelimit", [rateLimit(rl, action, expression)])], "free", facts.plans);
  const ok = { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 50, mitigationTimeout: 10 };

  it("passes what a Free stack plans, and Pro-sized rules on Pro", () => {
    expect(free(ok)).toEqual([]);
    const pro = [rateLimit({ ...ok, period: 60, mitigationTimeout: 0 }, "managed_challenge"), rateLimit({ ...ok, period: 60, mitigationTimeout: 60 }, "block", 'http.host eq "api.example.com"')];
    expect(checkPlanLimits([ruleset("http_ratelimit", pro)], "pro", facts.plans)).toEqual([]);
  });

  it("refuses Pro-sized rules on Free: a second rule, a 60 s period and timeout, a host field, a Super Bot Fight Mode skip", () => {
    const pro = [rateLimit({ ...ok, period: 60, mitigationTimeout: 60 }, "block", 'http.host eq "api.example.com"'), rateLimit(ok)];
    const skip = ruleset("http_request_firewall_custom", [{ ref: "skip", action: "skip", expression: "true", actionParameters: { phases: ["http_ratelimit", "http_request_sbfm"] } }]);
    expect(checkPlanLimits([ruleset("http_ratelimit", pro), skip], "free", facts.plans)).toEqual([
      "rs-http_ratelimit: 2 rules in http_ratelimit; the free plan allows 1",
      "rs-http_ratelimit rl: period 60 s; the free plan counts over 10 s",
      "rs-http_ratelimit rl: mitigation timeout 60 s; allowed here: 10 s",
      "rs-http_ratelimit rl: the expression reads http.host, which a free-plan rate-limit rule cannot",
      "rs-http_request_firewall_custom skip: skips Super Bot Fight Mode, which the free plan does not have",
    ]);
  });

  it("wants cf.colo.id, a 0 s timeout for challenges, and only the plan's characteristics", () => {
    expect(free({ ...ok, characteristics: ["ip.src"] })).toEqual(["rs-http_ratelimit rl: characteristics lack the mandatory cf.colo.id"]);
    expect(free({ ...ok, mitigationTimeout: 10 }, "managed_challenge")).toEqual(["rs-http_ratelimit rl: mitigation timeout 10 s; allowed here: 0 s"]);
    expect(free({ ...ok, characteristics: ["cf.colo.id", "cf.unique_visitor_id"] })).toEqual(["rs-http_ratelimit rl: characteristic cf.unique_visitor_id is not available on the free plan"]);
  });
});
