import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cacheRules,
  canonicalHostRedirect,
  FREE_MANAGED_RULESET_ID,
  freeManagedRulesetRule,
  healthCheckSkipRule,
  legacyRedirect,
  legacySourcePaths,
  monitoredUrls,
  rateLimitRule,
  redirectRules,
  siteHosts,
  type RateLimitInput,
} from "../../lib/edge-rules";
import { edgePath } from "../../lib/expressions";
import { evaluateString, matches } from "../../lib/rule-language";

const apex = siteHosts("example.com", "apex");

describe("siteHosts", () => {
  it("names the canonical host and the one that redirects", () => {
    expect(apex).toEqual({ canonical: "example.com", other: "www.example.com" });
    expect(siteHosts("example.com", "www")).toEqual({ canonical: "www.example.com", other: "example.com" });
  });
});

describe("canonicalHostRedirect", () => {
  it("sends the other host to the canonical one with 301, path and query kept", () => {
    expect(canonicalHostRedirect(apex)).toEqual({
      ref: "canonical_host",
      description: "www.example.com → example.com (301, path and query kept)",
      expression: '(http.host eq "www.example.com")',
      action: "redirect",
      actionParameters: {
        fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { expression: 'concat("https://example.com", http.request.uri.path)' } },
      },
    });
  });

  it("targets https whatever the scheme the visitor used, so http://www lands in one hop", () => {
    const rule = canonicalHostRedirect(siteHosts("example.com", "www"));
    const probe = { host: "example.com", path: "/a/b", scheme: "http" as const };
    expect(matches(rule.expression, probe)).toBe(true);
    expect(evaluateString(rule.actionParameters?.fromValue?.targetUrl.expression ?? "", probe)).toBe("https://www.example.com/a/b");
    expect(matches(rule.expression, { ...probe, host: "www.example.com" })).toBe(false);
  });
});

describe("legacyRedirect", () => {
  it("matches the path with and without its trailing slash on both site hosts and sends it to the canonical host", () => {
    expect(legacyRedirect(apex, { from: "/old-page", to: "/pricing", status: 301 })).toEqual({
      ref: expect.stringMatching(/^legacy_old_page_[0-9a-f]{8}$/),
      description: "/old-page → https://example.com/pricing (301)",
      expression: '((http.host in {"example.com" "www.example.com"}) and (http.request.uri.path in {"/old-page" "/old-page/"}))',
      action: "redirect",
      actionParameters: { fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { value: "https://example.com/pricing" } } },
    });
  });

  it("keeps an https URL target, and keeps the query only when the target has none", () => {
    const external = legacyRedirect(apex, { from: "/podcast", to: "https://podcast.example.net/show?src=site", status: 302 });
    expect(external.actionParameters?.fromValue).toEqual({ statusCode: 302, preserveQueryString: false, targetUrl: { value: "https://podcast.example.net/show?src=site" } });
  });

  it("escapes and normalizes typed paths: a Unicode path matches what the browser sends", () => {
    const rule = legacyRedirect(apex, { from: "/über-uns", to: "/about", status: 301 });
    expect(rule.expression).toContain('"/%C3%BCber-uns" "/%C3%BCber-uns/"');
    expect(matches(rule.expression, { host: "www.example.com", path: edgePath(encodeURI("/über-uns/")) })).toBe(true);
    expect(rule.actionParameters?.fromValue?.targetUrl.value).toBe("https://example.com/about");
  });

  it("derives refs from the source path, so reordering redirects keeps every rule's id", () => {
    const a = { from: "/a", to: "/x", status: 301 };
    const b = { from: "/b", to: "/y", status: 301 };
    const refs = (list: (typeof a)[]) => redirectRules(apex, list).map((r) => r.ref);
    expect(new Set(refs([a, b]))).toEqual(new Set(refs([b, a])));
    expect(refs([a, b]).at(-1)).toBe("canonical_host");
  });

  it("matches exactly the legacy path for any path a user may type", () => {
    const path = fc.stringMatching(/^\/[a-z0-9\-._~%\u00e0-\u00ff]{1,20}$/);
    fc.assert(
      fc.property(path, path, (from, other) => {
        const rule = legacyRedirect(apex, { from, to: "/new", status: 301 });
        const sources = new Set(legacySourcePaths(from).map(edgePath));
        return (
          matches(rule.expression, { host: "example.com", path: edgePath(from) }) &&
          (sources.has(edgePath(other)) || !matches(rule.expression, { host: "example.com", path: edgePath(other) }))
        );
      }),
    );
  });

  it("lists the source paths of a legacy URL", () => {
    expect(legacySourcePaths("/a")).toEqual(["/a", "/a/"]);
    expect(legacySourcePaths("/a/")).toEqual(["/a", "/a/"]);
    expect(legacySourcePaths("/")).toEqual(["/"]);
  });
});

describe("cacheRules", () => {
  const cache = { staticPaths: ["/assets/*", "/favicon.ico"], bypassPaths: ["/app/*", "/login*"], edgeTtlSeconds: 86_400 };

  it("caches static assets at the edge and in browsers, then bypasses dynamic paths and credentials", () => {
    const [staticRule, bypass] = cacheRules(cache);
    expect(staticRule).toMatchObject({
      ref: "cache_static_assets",
      action: "set_cache_settings",
      actionParameters: {
        cache: true,
        edgeTtl: { mode: "override_origin", default: 86_400 },
        browserTtl: { mode: "override_origin", default: 86_400 },
        cacheKey: { cacheDeceptionArmor: true, ignoreQueryStringsOrder: true },
      },
    });
    expect(staticRule?.expression).toMatch(/^\(\(\(http\.request\.uri\.path eq "\/favicon\.ico"\) or \(http\.request\.uri\.path wildcard "\/assets\/\*"\)\) and \(not \(any\(http\.request\.headers\["authorization"\]\[\*\] ne ""\) or /);
    expect(bypass).toMatchObject({ ref: "cache_bypass_dynamic", action: "set_cache_settings", actionParameters: { cache: false } });
    expect(bypass?.expression).toMatch(/^\(\(\(http\.request\.uri\.path wildcard "\/app\/\*"\) or \(http\.request\.uri\.path wildcard "\/login\*"\)\) or \(any\(/);
  });

  it("never makes a request with credentials cacheable, nor a dynamic path", () => {
    const [staticRule, bypass] = cacheRules(cache);
    const on = (expression: string | undefined, path: string, headers: Record<string, string[]> = {}) => matches(expression ?? "", { host: "example.com", path, headers });
    expect(on(staticRule?.expression, "/assets/app.js")).toBe(true);
    expect(on(staticRule?.expression, "/assets/app.js", { cookie: ["session=1"] })).toBe(false);
    expect(on(bypass?.expression, "/assets/app.js", { authorization: ["Bearer t"] })).toBe(true);
    expect(on(bypass?.expression, "/login")).toBe(true);
    expect(on(bypass?.expression, "/assets/app.js")).toBe(false);
  });

  it("keeps the credential bypass when no bypass paths are configured, and drops the static rule without static paths", () => {
    const rules = cacheRules({ staticPaths: [], bypassPaths: [], edgeTtlSeconds: 7200 });
    expect(rules.map((r) => r.ref)).toEqual(["cache_bypass_dynamic"]);
    expect(rules[0]?.expression.startsWith("(any(")).toBe(true);
  });
});

describe("rateLimitRule", () => {
  const auth: RateLimitInput = { name: "auth-and-api", paths: ["/login", "/password-reset", "/api/*"], requestsPerPeriod: 50, periodSeconds: 10, action: "block" };

  it("on Free: one path-only rule, 10 s period, per data center and IP, blocked for 10 s", () => {
    expect(rateLimitRule(auth, "free")).toEqual({
      ref: "rate_limit_auth_and_api",
      description: "auth-and-api: 50 requests per 10 s per IP, then block",
      expression: '((http.request.uri.path in {"/login" "/password-reset"}) or (http.request.uri.path wildcard "/api/*"))',
      action: "block",
      ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 50, mitigationTimeout: 10 },
    });
  });

  it("on Pro: a block lasts one counting period and a challenge has the required timeout of 0", () => {
    const api: RateLimitInput = { name: "api", paths: ["/api/*"], requestsPerPeriod: 300, periodSeconds: 60, action: "block" };
    const login: RateLimitInput = { name: "auth", paths: ["/login"], requestsPerPeriod: 10, periodSeconds: 60, action: "managed_challenge" };
    expect(rateLimitRule(api, "pro").ratelimit).toEqual({ characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 300, mitigationTimeout: 60 });
    expect(rateLimitRule(login, "pro")).toMatchObject({ action: "managed_challenge", ratelimit: { period: 60, requestsPerPeriod: 10, mitigationTimeout: 0 } });
    expect(rateLimitRule({ ...login, periodSeconds: 10 }, "free").ratelimit?.mitigationTimeout).toBe(0);
  });
});

describe("health checks and managed rules", () => {
  it("lets Route 53's checkers through to the monitored URLs only, skipping rate limits, managed rules and challenges", () => {
    const urls = [{ host: "app.example.com", path: "/login" }, { host: "example.com", path: "/" }];
    const rule = healthCheckSkipRule(urls, ["15.177.0.0/18", "2600:1f14:7ff:f800::/56"], "free");
    expect(rule).toEqual({
      ref: "skip_route53_health_checks",
      description: "Route 53 health checkers on the monitored URLs: never rate-limited or challenged",
      expression:
        '((ip.src in {15.177.0.0/18 2600:1f14:7ff:f800::/56}) and (((http.host eq "app.example.com") and (http.request.uri.path eq "/login")) or ((http.host eq "example.com") and (http.request.uri.path eq "/"))))',
      action: "skip",
      actionParameters: { phases: ["http_ratelimit", "http_request_firewall_managed"], products: ["securityLevel", "bic", "uaBlock"] },
    });
    const from = (ip: string, host: string, path: string) => matches(rule.expression, { host, path, ip });
    expect(from("15.177.3.4", "app.example.com", "/login")).toBe(true);
    expect(from("198.51.100.7", "app.example.com", "/login")).toBe(false);
    expect(from("15.177.3.4", "app.example.com", "/password-reset")).toBe(false);
    expect(healthCheckSkipRule(urls, ["15.177.0.0/18"], "pro").actionParameters?.phases).toEqual(["http_ratelimit", "http_request_firewall_managed", "http_request_sbfm"]);
  });

  it("finds the monitored URLs on this domain, once each", () => {
    expect(
      monitoredUrls(["https://example.com/", "https://app.example.com/login?x=1", "https://status.other.net/", "https://APP.example.com/login", "https://example.com/über"], "example.com"),
    ).toEqual([
      { host: "example.com", path: "/" },
      { host: "app.example.com", path: "/login" },
      { host: "example.com", path: "/%C3%BCber" },
    ]);
  });

  it("deploys the Cloudflare Free Managed Ruleset", () => {
    expect(freeManagedRulesetRule()).toEqual({
      ref: "execute_free_managed_ruleset",
      description: "Cloudflare Free Managed Ruleset",
      expression: "true",
      action: "execute",
      actionParameters: { id: FREE_MANAGED_RULESET_ID },
    });
    expect(FREE_MANAGED_RULESET_ID).toBe("77454fe2d30c4220b5701f6fdfb893ba");
  });
});
