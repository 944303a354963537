import { beforeAll, describe, expect, it } from "vitest";
import { cacheNeverDynamic } from "../../policies/rules/edge/cache-never-dynamic";
import { canonicalHostRedirect } from "../../policies/rules/edge/canonical-host-redirect";
import { rateLimitCoversAuth } from "../../policies/rules/edge/rate-limit-covers-auth";
import { rulesetOnePerPhase } from "../../policies/rules/edge/ruleset-one-per-phase";
import { rulesetWithinPlanLimits } from "../../policies/rules/edge/ruleset-within-plan-limits";
import type { PlannedResource } from "../../model/resource";
import { COMPONENTS, TYPES } from "../../model/type-tokens";
import { fixture, prodConfig, prodValue, runStack } from "../helpers/harness";
import { changed, named, phase, withRules } from "./edge-fixtures";

const ACCOUNT = "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e";
const RULES = [canonicalHostRedirect, rateLimitCoversAuth, cacheNeverDynamic, rulesetOnePerPhase, rulesetWithinPlanLimits];

let template: PlannedResource[];
beforeAll(async () => {
  template = (await runStack()).ruleState();
});

const messages = (rule: (typeof RULES)[number], resources: PlannedResource[]) => rule.validate(resources).map((v) => v.message);
const redirects = phase("http_request_dynamic_redirect");
const canonicalOnly = (rules: Record<string, unknown>[]) => rules.filter((r) => r["ref"] === "canonical_host");

describe("ruleset rules on the template's own plans", () => {
  it("pass on Pulumi.prod.yaml, all mandatory", () => {
    for (const rule of RULES) {
      expect(rule.validate(template), rule.name).toEqual([]);
      expect(rule.enforcementLevel).toBe("mandatory");
    }
  });

  it("pass with www canonical on Pro with the default rate limits, and on an adopted Business zone", async () => {
    const www = prodConfig({ canonicalHost: "www", hosts: { www: { type: "CNAME", target: "site.example.net" } }, cloudflare: { accountId: ACCOUNT, plan: "pro" }, rateLimits: undefined });
    const business = prodConfig({ cloudflare: { accountId: ACCOUNT, plan: "business", existingZone: true }, rateLimits: undefined });
    for (const input of [www, business]) {
      const state = (await runStack(input)).ruleState();
      for (const rule of RULES) expect(rule.validate(state), rule.name).toEqual([]);
    }
  });
});

describe("canonical-host-redirect", () => {
  it("fires when no rule redirects www", () => {
    const none = withRules(template, redirects, (rules) => rules.filter((r) => r["ref"] !== "canonical_host"));
    expect(messages(canonicalHostRedirect, none)).toEqual([
      "No redirect sends www.brightpath-coaching.com to brightpath-coaching.com (or the reverse) with path and query kept over https: neither host is redirected. Fix: keep canonicalHost set and let the Redirects component create the canonical_host rule.",
    ]);
  });

  it("fires when the redirect drops the path or the query", () => {
    const dropsPath = withRules(template, redirects, (rules) =>
      canonicalOnly(rules).map((r) => ({ ...r, actionParameters: { fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { value: "https://brightpath-coaching.com/" } } } })),
    );
    expect(messages(canonicalHostRedirect, dropsPath)[0]).toMatch(/goes to https:\/\/brightpath-coaching\.com\/\?utm_source=check&x=1 instead/);
    const dropsQuery = withRules(template, redirects, (rules) =>
      canonicalOnly(rules).map((r) => ({ ...r, actionParameters: { fromValue: { ...(r["actionParameters"] as { fromValue: object }).fromValue, preserveQueryString: false } } })),
    );
    expect(messages(canonicalHostRedirect, dropsQuery)[0]).toMatch(/goes to https:\/\/brightpath-coaching\.com\/launch-ready\/canonical-probe instead/);
  });

  it("fires on a temporary redirect and on a second hop", () => {
    const temporary = withRules(template, redirects, (rules) =>
      canonicalOnly(rules).map((r) => ({ ...r, actionParameters: { fromValue: { ...(r["actionParameters"] as { fromValue: object }).fromValue, statusCode: 302 } } })),
    );
    expect(messages(canonicalHostRedirect, temporary)).toEqual([expect.stringMatching(/answers 302\/302, not 301/)]);
    const loop = withRules(template, redirects, (rules) => [
      ...rules,
      { ref: "apex_to_www", action: "redirect", expression: '(http.host eq "brightpath-coaching.com")', actionParameters: { fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { expression: 'concat("https://www.brightpath-coaching.com", http.request.uri.path)' } } } },
    ]);
    expect(messages(canonicalHostRedirect, loop)).toContainEqual(expect.stringMatching(/canonical host brightpath-coaching\.com is redirected again .* remove the rule apex_to_www/));
  });

  it("fires when the redirected host is not proxied, so the rule can never run", () => {
    const dnsOnly = changed(template, named("launch-dns-host-www"), (p) => ({ ...p, proxied: false }));
    expect(messages(canonicalHostRedirect, dnsOnly)).toEqual([
      "www.brightpath-coaching.com has only DNS-only records: redirect rules run only on proxied names, so the redirect never fires. Fix: set proxied: true on hosts.www (or leave the host out: a proxied placeholder is created).",
    ]);
  });

  it("reports a rule it cannot read instead of passing it", () => {
    const regex = withRules(template, redirects, (rules) => [{ ref: "r", action: "redirect", expression: 'http.host matches "^www"', actionParameters: {} }, ...rules]);
    expect(messages(canonicalHostRedirect, regex)[0]).toMatch(/^A rule expression could not be checked: regular expressions \(matches\) are not supported/);
  });
});

describe("rate-limit-covers-auth", () => {
  const rateLimits = phase("http_ratelimit");
  const expression = (expr: string) => withRules(template, rateLimits, (rules) => rules.map((r) => ({ ...r, expression: expr })));

  const undeclared = (resources: PlannedResource[]) => resources.filter((r) => r.type !== "launch-ready:edge:EdgeProtection");
  const notCounted = (what: string, path: string) =>
    `Nothing rate-limits ${what}: ${path} is not counted by an enforcing rule for an ordinary visitor. Fix: add your ${what} path (such as ${path}) to rateLimits[].paths with action block or managed_challenge, or leave rateLimits out to get the defaults built from authPaths.`;

  it("fires for each auth path the stack declares that no enforcing rule counts", () => {
    expect(messages(rateLimitCoversAuth, expression('(http.request.uri.path wildcard "/api/*")'))).toEqual([
      notCounted("sign-in", "/login"),
      notCounted("password reset", "/password-reset"),
      notCounted("sign-up", "/signup"),
    ]);
    expect(messages(rateLimitCoversAuth, expression('(http.request.uri.path in {"/login" "/password-reset"})'))).toEqual([notCounted("sign-up", "/signup")]);
  });

  it("checks the stack's own auth pages, in any language", async () => {
    const authPaths = { signIn: ["/connexion"], passwordReset: ["/mot-de-passe-oublie"], signUp: ["/inscription"] };
    const french = (await runStack(prodConfig({ authPaths, rateLimits: undefined, cache: undefined, "launch-ready:monitoring": { ...prodValue<Record<string, unknown>>("monitoring"), checks: undefined } }))).ruleState();
    expect(messages(rateLimitCoversAuth, french)).toEqual([]);
    const englishRule = withRules(french, rateLimits, (rules) => rules.map((r) => ({ ...r, expression: '(http.request.uri.path in {"/login" "/password-reset" "/signup"})' })));
    expect(messages(rateLimitCoversAuth, englishRule)).toEqual([
      notCounted("sign-in", "/connexion"),
      notCounted("password reset", "/mot-de-passe-oublie"),
      notCounted("sign-up", "/inscription"),
    ]);
  });

  it("without a declaration, looks for the words English apps use for sign-in and reset", () => {
    expect(messages(rateLimitCoversAuth, undeclared(expression('(http.request.uri.path wildcard "/api/*")')))).toEqual([
      "Nothing rate-limits sign-in: no rate-limit rule names a sign-in path. Fix: add your sign-in path (such as /login) to rateLimits[].paths with action block or managed_challenge, or leave rateLimits out to get the defaults built from authPaths.",
      "Nothing rate-limits password reset: no rate-limit rule names a password reset path. Fix: add your password reset path (such as /password-reset) to rateLimits[].paths with action block or managed_challenge, or leave rateLimits out to get the defaults built from authPaths.",
    ]);
    expect(messages(rateLimitCoversAuth, undeclared(expression('(http.request.uri.path in {"/signin" "/forgot-password"})')))).toEqual([]);
    expect(messages(rateLimitCoversAuth, undeclared(expression('(http.request.uri.path wildcard "/auth/*") or (http.request.uri.path eq "/account/recover")')))).toEqual([]);
  });

  it("fires when the rule only logs, or when a skip rule lets every visitor past it", () => {
    const logOnly = withRules(template, rateLimits, (rules) => rules.map((r) => ({ ...r, action: "log" })));
    expect(messages(rateLimitCoversAuth, logOnly)).toHaveLength(3);
    const skipAll = withRules(template, phase("http_request_firewall_custom"), () => [
      { ref: "skip_everyone", action: "skip", expression: '(http.request.uri.path ne "")', actionParameters: { phases: ["http_ratelimit"] } },
    ]);
    expect(messages(rateLimitCoversAuth, skipAll)[0]).toBe(notCounted("sign-in", "/login"));
  });

  it("fires when there is no rate-limit ruleset", () => {
    expect(messages(rateLimitCoversAuth, template.filter((r) => !rateLimits(r)))).toHaveLength(3);
  });
});

describe("cache-never-dynamic", () => {
  const cache = phase("http_request_cache_settings");

  it("fires when the bypass rule is gone and a static rule ignores credentials", () => {
    const leaky = withRules(template, cache, (rules) =>
      rules.filter((r) => r["ref"] === "cache_static_assets").map((r) => ({ ...r, expression: '(http.request.uri.path wildcard "/assets/*")' })),
    );
    expect(messages(cacheNeverDynamic, leaky)).toEqual([
      "Cache rules make private responses cacheable: /assets/x with an Authorization header; /assets/x with a session cookie. Fix: keep dynamic paths in cache.bypassPaths and static paths out of them, and end the cache ruleset with the bypass rule for credentials (the Cache component does).",
    ]);
  });

  it("fires when a cache-everything rule comes after the bypass", () => {
    const everything = withRules(template, cache, (rules) => [...rules, { ref: "everything", action: "set_cache_settings", expression: "true", actionParameters: { cache: true } }]);
    expect(messages(cacheNeverDynamic, everything)[0]).toMatch(/^Cache rules make private responses cacheable: \/login \(a dynamic page\); \/logout \(a dynamic page\); .* and \d+ more\./);
  });

  it("passes when a static path is cached and the bypass comes last, whatever the order of matching", () => {
    const reordered = withRules(template, cache, (rules) => [...rules].reverse());
    expect(messages(cacheNeverDynamic, reordered)).toEqual([]);
  });
});

describe("ruleset-one-per-phase", () => {
  it("fires on a second ruleset of a phase in the same zone, whoever created it", () => {
    const zoneId = (template.find(phase("http_ratelimit"))?.props["zoneId"] ?? "") as string;
    const second = fixture(TYPES.ruleset, { zoneId, kind: "zone", phase: "http_ratelimit", name: "other", rules: [] }, { name: "launch-email-rate-limits" });
    const [violation] = rulesetOnePerPhase.validate([...template, second]);
    expect(violation).toEqual({
      urn: second.urn,
      message: "launch-edge-protection-rate-limits and launch-email-rate-limits are all rulesets of phase http_ratelimit in one zone, which can hold one: merge their rules into a single Ruleset for the phase.",
    });
    expect(rulesetOnePerPhase.validate([...template, { ...second, props: { ...second.props, zoneId: "another-zone" } }])).toEqual([]);
  });
});

describe("ruleset-within-plan-limits", () => {
  const rateLimits = phase("http_ratelimit");
  const onPlan = (plan: string, resources: PlannedResource[]) => changed(resources, (r) => r.type === COMPONENTS.stack, (p) => ({ ...p, cloudflarePlan: plan }));
  const rule = (changes: Record<string, unknown>) => withRules(template, rateLimits, (rules) => rules.map((r) => ({ ...r, ...changes })));
  const ratelimit = { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 50, mitigationTimeout: 10 };

  it("fires on more rules than the plan allows, by the plan the stack outputs declare", () => {
    const two = withRules(template, rateLimits, (rules) => [...rules, { ...rules[0], ref: "second" }]);
    expect(messages(rulesetWithinPlanLimits, two)).toEqual([
      "launch-edge-protection-rate-limits has 2 rules in http_ratelimit; the free plan allows 1. Fix: remove or merge rules, or set cloudflare.plan to the plan the zone is on.",
    ]);
    expect(messages(rulesetWithinPlanLimits, onPlan("pro", two))).toEqual([]);
    const elevenRedirects = withRules(template, redirects, (rules) => [...rules, ...Array.from({ length: 7 }, (_, i) => ({ ...rules[0], ref: `extra_${i}` }))]);
    expect(messages(rulesetWithinPlanLimits, elevenRedirects)[0]).toMatch(/has 11 rules in http_request_dynamic_redirect; the free plan allows 10/);
  });

  it("fires on Free rate-limit rules that read more than the path, or use another period or timeout", () => {
    expect(messages(rulesetWithinPlanLimits, rule({ expression: '(http.host eq "api.x") and (http.request.uri.path eq "/login")' }))).toEqual([
      "Rate-limit rule rate_limit_auth_and_api reads http.host; on the free plan a rate-limit expression may only read the URI path. Fix: match on paths only.",
    ]);
    expect(messages(rulesetWithinPlanLimits, rule({ ratelimit: { ...ratelimit, period: 60, mitigationTimeout: 60 } }))).toEqual([
      "Rate-limit rule rate_limit_auth_and_api counts over 60 s; the free plan accepts 10 s. Fix: set rateLimits[].periodSeconds to one of them.",
      "Rate-limit rule rate_limit_auth_and_api blocks for 60 s; the free plan accepts only 10 s.",
    ]);
    expect(messages(rulesetWithinPlanLimits, rule({ action: "managed_challenge" }))).toEqual([
      "Rate-limit rule rate_limit_auth_and_api challenges with a mitigation timeout of 10 s; below Enterprise a challenge needs 0.",
    ]);
    expect(messages(rulesetWithinPlanLimits, rule({ ratelimit: { ...ratelimit, characteristics: ["ip.src"] } }))).toEqual([
      "Rate-limit rule rate_limit_auth_and_api does not count per data center: characteristics must include cf.colo.id (with ip.src).",
    ]);
    expect(messages(rulesetWithinPlanLimits, onPlan("pro", rule({ expression: '(http.host eq "api.x")' })))).toEqual([]);
  });
});
