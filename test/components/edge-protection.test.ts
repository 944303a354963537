import { describe, expect, it } from "vitest";
import snapshot from "../../cli/plan/data/route53-healthchecks-ip-ranges.json";
import { TYPES } from "../../model/type-tokens";
import { prodConfig, prodValue, runStack, type StackRun } from "../helpers/harness";
import { runRecordingOptions } from "../helpers/resource-options";
import { EdgeProtection } from "../../components/edge-protection";
import { childTypes, runComponent, runRecording } from "../helpers/component";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";
/** Every Route 53 checker range of the offline plan's dated ip-ranges.json snapshot, as the provider sorts them. */
const CHECKER_RANGES = [...snapshot.prefixes.map((p) => p.ip_prefix).sort(), ...snapshot.ipv6_prefixes.map((p) => p.ipv6_prefix).sort()];

const COMPONENT = "launch-ready:edge:EdgeProtection";

const phases = (stack: StackRun) =>
  Object.fromEntries(
    stack
      .ofType(TYPES.ruleset)
      .filter((r) => stack.parentOf(r)?.type === COMPONENT)
      .map((r) => {
        const inputs = stack.inputs(r);
        return [String(inputs["phase"]), inputs["rules"] as Record<string, unknown>[]];
      }),
  );

describe("EdgeProtection", () => {
  it("on Free: one path-only rate-limit rule, 10 s period, per data center and IP", async () => {
    const { stack, options } = await runRecordingOptions();
    const rulesets = phases(stack);
    expect(Object.keys(rulesets).sort()).toEqual(["http_ratelimit", "http_request_firewall_custom", "http_request_firewall_managed"]);
    expect(rulesets["http_ratelimit"]).toEqual([
      {
        ref: "rate_limit_auth_and_api",
        description: "auth-and-api: 50 requests per 10 s per IP, then block",
        expression: '((http.request.uri.path in {"/login" "/password-reset" "/signup"}) or (http.request.uri.path wildcard "/api/*"))',
        action: "block",
        ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 50, mitigationTimeout: 10 },
      },
    ]);
    for (const name of ["launch-edge-protection-rate-limits", "launch-edge-protection-custom-rules", "launch-edge-protection-managed-rules"]) {
      expect(options.get(name)?.deleteBeforeReplace, name).toBe(true);
    }
  });

  it("on Pro: separate rules for sign-in and the API, each with its own threshold", async () => {
    const stack = await runStack(prodConfig({ cloudflare: { accountId: ACCOUNT, plan: "pro" }, rateLimits: undefined }));
    expect(phases(stack)["http_ratelimit"]).toEqual([
      {
        ref: "rate_limit_auth",
        description: "auth: 10 requests per 60 s per IP, then managed_challenge",
        expression: '(http.request.uri.path in {"/login" "/password-reset" "/signup"})',
        action: "managed_challenge",
        ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 10, mitigationTimeout: 0 },
      },
      {
        ref: "rate_limit_api",
        description: "api: 300 requests per 60 s per IP, then block",
        expression: '(http.request.uri.path wildcard "/api/*")',
        action: "block",
        ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 300, mitigationTimeout: 60 },
      },
    ]);
  });

  it("exempts Route 53's checkers, from AWS's published ranges, on exactly the monitored URLs", async () => {
    const stack = await runStack();
    const [skip] = phases(stack)["http_request_firewall_custom"] ?? [];
    expect(skip).toEqual({
      ref: "skip_route53_health_checks",
      description: "Route 53 health checkers on the monitored URLs: never rate-limited or challenged",
      expression:
        `((ip.src in {${CHECKER_RANGES.join(" ")}}) and ` +
        '(((http.host eq "brightpath-coaching.com") and (http.request.uri.path eq "/")) or ((http.host eq "app.brightpath-coaching.com") and (http.request.uri.path eq "/login")) or ((http.host eq "api.brightpath-coaching.com") and (http.request.uri.path eq "/health"))))',
      action: "skip",
      actionParameters: { phases: ["http_ratelimit", "http_request_firewall_managed"], products: ["securityLevel", "bic", "uaBlock"] },
    });
  });

  it("creates no custom ruleset when no uptime check requests this domain", async () => {
    const monitoring = prodValue("monitoring");
    const stack = await runStack(prodConfig({ monitoring: { ...monitoring, checks: [{ name: "status", url: "https://status.example.net/" }] } }));
    expect(phases(stack)["http_request_firewall_custom"]).toBeUndefined();
  });

  it("deploys the Cloudflare Free Managed Ruleset", async () => {
    const stack = await runStack();
    expect(phases(stack)["http_request_firewall_managed"]).toEqual([
      { ref: "execute_free_managed_ruleset", description: "Cloudflare Free Managed Ruleset", expression: "true", action: "execute", actionParameters: { id: "77454fe2d30c4220b5701f6fdfb893ba" } },
    ]);
  });
});

describe("EdgeProtection, constructed directly", () => {
  const args = {
    zoneId: "zone-1",
    domain: "example.com",
    plan: "pro" as const,
    rateLimits: [{ name: "login", paths: ["/login"], requestsPerPeriod: 5, periodSeconds: 60, action: "managed_challenge" as const }],
    uptimeCheckUrls: ["https://example.com/login", "https://status.other.example.net/"],
    authPaths: { signIn: ["/login"], passwordReset: ["/reset"], signUp: ["/join"] },
  };

  it("creates the rate-limit, custom and managed entrypoints, each replaced by deleting first, and declares the auth paths", async () => {
    const { stack, options } = await runRecording(() => new EdgeProtection("edge", args));
    expect(childTypes(stack, COMPONENT)).toEqual({ [TYPES.ruleset]: 3 });
    for (const r of stack.ofType(TYPES.ruleset)) expect(options.get(r.name)?.deleteBeforeReplace, r.name).toBe(true);
    expect(stack.ofType(COMPONENT)[0]?.outputs).toEqual({ authPaths: args.authPaths });
    const byPhase = phases(stack);
    // A challenge action takes no mitigation timeout (Cloudflare refuses one).
    expect(byPhase["http_ratelimit"]).toEqual([
      {
        ref: "rate_limit_login",
        description: "login: 5 requests per 60 s per IP, then managed_challenge",
        expression: '(http.request.uri.path eq "/login")',
        action: "managed_challenge",
        ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 5, mitigationTimeout: 0 },
      },
    ]);
    expect(byPhase["http_request_firewall_managed"]).toEqual([expect.objectContaining({ action: "execute", expression: "true" })]);
    // Only this domain's checked URL is exempt, and only for Route 53's checker ranges.
    const [skip] = byPhase["http_request_firewall_custom"]!;
    expect(skip?.["action"]).toBe("skip");
    expect(String(skip?.["expression"])).toContain('"/login"');
    expect(String(skip?.["expression"])).not.toContain("other.example.net");
    expect(String(skip?.["expression"])).toContain(CHECKER_RANGES[0]);
  });

  it("exempts nothing when no uptime check requests this domain", async () => {
    const stack = await runComponent(() => new EdgeProtection("edge", { ...args, uptimeCheckUrls: ["https://status.other.example.net/"] }));
    expect(stack.ofType(TYPES.ruleset).map((r) => stack.inputs(r)["phase"]).sort()).toEqual(["http_ratelimit", "http_request_firewall_managed"]);
  });
});
