import { isChallengeAction, requiredMitigationTimeout, type CloudflarePlan, type RateLimitAction } from "./cloudflare-plans";
import { allOf, anyOf, carriesCredentials, edgePath, hostIs, not, pathMatches, quote, sourceIn } from "./expressions";
import { legacyRedirectRef, ruleRef } from "./names";

/**
 * The rules of the edge's rulesets as plain values, shaped like the provider's RulesetRule input (camelCase property
 * names, snake_case enum values: shared/reference/cloudflare.md §0). One builder per kind of rule; components only put
 * them into their phase's single Ruleset.
 */

export type RuleAction = "redirect" | "set_cache_settings" | "block" | "managed_challenge" | "js_challenge" | "challenge" | "log" | "skip" | "execute";

export interface EdgeRule {
  /** Stable: the provider keeps a rule's id by its ref, so a ref never depends on list position. */
  ref: string;
  description: string;
  expression: string;
  action: RuleAction;
  actionParameters?: {
    fromValue?: { statusCode: number; preserveQueryString: boolean; targetUrl: { value?: string; expression?: string } };
    cache?: boolean;
    edgeTtl?: { mode: "override_origin"; default: number };
    browserTtl?: { mode: "override_origin"; default: number };
    cacheKey?: { cacheDeceptionArmor: boolean; ignoreQueryStringsOrder: boolean };
    phases?: string[];
    products?: string[];
    id?: string;
  };
  ratelimit?: { characteristics: string[]; period: number; requestsPerPeriod: number; mitigationTimeout: number };
}

// --- redirects (phase http_request_dynamic_redirect) ---------------------------------------------------------------

/** The site's two names: the canonical host serves, the other one only redirects to it. */
/** The discard prefix (RFC 6666): a redirect-only host needs a proxied record, never an origin. */
export const REDIRECT_ONLY_ADDRESS = "100::";

export interface SiteHosts {
  canonical: string;
  other: string;
}

export function siteHosts(domain: string, canonicalHost: "apex" | "www"): SiteHosts {
  const www = `www.${domain}`;
  return canonicalHost === "apex" ? { canonical: domain, other: www } : { canonical: www, other: domain };
}

/** The non-canonical host to the canonical one, https, path and query kept: one hop from any scheme (Single Redirects
 * run before Always Use HTTPS, cloudflare-docs#14760). */
export function canonicalHostRedirect(hosts: SiteHosts): EdgeRule {
  return {
    ref: "canonical_host",
    description: `${hosts.other} → ${hosts.canonical} (301, path and query kept)`,
    expression: hostIs([hosts.other]),
    action: "redirect",
    actionParameters: {
      fromValue: {
        statusCode: 301,
        preserveQueryString: true,
        targetUrl: { expression: `concat(${quote(`https://${hosts.canonical}`)}, http.request.uri.path)` },
      },
    },
  };
}

export interface LegacyRedirect {
  from: string;
  to: string;
  status: number;
}

/** The paths a legacy URL is requested as: with and without its trailing slash. */
export function legacySourcePaths(from: string): string[] {
  const bare = from.length > 1 ? from.replace(/\/+$/, "") : from;
  return bare === "/" ? ["/"] : [bare, `${bare}/`];
}

/** Where a redirect sends the visitor: a path is resolved on the canonical host; a URL is kept (normalized). */
export function redirectTarget(hosts: SiteHosts, to: string): string {
  return new URL(to, `https://${hosts.canonical}`).href;
}

/** A legacy URL on either site host → its new home in one hop; the query string is kept unless the target has one. */
export function legacyRedirect(hosts: SiteHosts, redirect: LegacyRedirect): EdgeRule {
  const target = redirectTarget(hosts, redirect.to);
  return {
    ref: legacyRedirectRef(redirect.from),
    description: `${redirect.from} → ${target} (${redirect.status})`,
    expression: allOf([hostIs([hosts.canonical, hosts.other]), pathMatches(legacySourcePaths(redirect.from))]),
    action: "redirect",
    actionParameters: { fromValue: { statusCode: redirect.status, preserveQueryString: !new URL(target).search, targetUrl: { value: target } } },
  };
}

/** Legacy redirects first (so a legacy URL on the other host lands in one hop), then the canonical-host redirect. */
export function redirectRules(hosts: SiteHosts, redirects: readonly LegacyRedirect[]): EdgeRule[] {
  return [...redirects.map((r) => legacyRedirect(hosts, r)), canonicalHostRedirect(hosts)];
}

// --- cache (phase http_request_cache_settings) ----------------------------------------------------------------------

export interface CacheInput {
  staticPaths: readonly string[];
  bypassPaths: readonly string[];
  edgeTtlSeconds: number;
}

/**
 * Static assets: cached at the edge and in browsers for edgeTtlSeconds, unless the request carries credentials.
 * Then the bypass: dynamic paths and every request with credentials. Later cache rules win where both set a value, and
 * the static rule also excludes credentials itself, so no order of evaluation can cache a signed-in response.
 */
export function cacheRules(cache: CacheInput): EdgeRule[] {
  const rules: EdgeRule[] = [];
  if (cache.staticPaths.length > 0) {
    rules.push({
      ref: "cache_static_assets",
      description: "Static assets: cached at the edge and in browsers",
      expression: allOf([pathMatches(cache.staticPaths), not(carriesCredentials())]),
      action: "set_cache_settings",
      actionParameters: {
        cache: true,
        edgeTtl: { mode: "override_origin", default: cache.edgeTtlSeconds },
        browserTtl: { mode: "override_origin", default: cache.edgeTtlSeconds },
        cacheKey: { cacheDeceptionArmor: true, ignoreQueryStringsOrder: true },
      },
    });
  }
  const dynamic = cache.bypassPaths.length > 0 ? [pathMatches(cache.bypassPaths)] : [];
  rules.push({
    ref: "cache_bypass_dynamic",
    description: "App, API and auth paths and requests with a session or Authorization: never cached",
    expression: anyOf([...dynamic, carriesCredentials()]),
    action: "set_cache_settings",
    actionParameters: { cache: false },
  });
  return rules;
}

// --- rate limits (phase http_ratelimit) -----------------------------------------------------------------------------

export interface RateLimitInput {
  name: string;
  paths: readonly string[];
  requestsPerPeriod: number;
  periodSeconds: number;
  action: RateLimitAction;
}

/**
 * One rate-limit rule. The expression reads only the path, which every plan accepts (Free: "Path only"); counting is
 * per data center and client IP (`cf.colo.id` is mandatory). Challenges need a mitigation timeout of 0 below
 * Enterprise; a block lasts one counting period, which on Free is the only allowed 10 s
 * (https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/).
 */
export function rateLimitRule(limit: RateLimitInput, plan: CloudflarePlan): EdgeRule {
  return {
    ref: `rate_limit_${ruleRef(limit.name)}`,
    description: `${limit.name}: ${limit.requestsPerPeriod} requests per ${limit.periodSeconds} s per IP, then ${limit.action}`,
    expression: pathMatches(limit.paths),
    action: limit.action,
    ratelimit: {
      characteristics: ["cf.colo.id", "ip.src"],
      period: limit.periodSeconds,
      requestsPerPeriod: limit.requestsPerPeriod,
      // What the plan requires; otherwise no wait for a challenge, and a block for one counting period.
      mitigationTimeout: requiredMitigationTimeout(plan, limit.action) ?? (isChallengeAction(limit.action) ? 0 : limit.periodSeconds),
    },
  };
}

// --- WAF (phases http_request_firewall_custom and http_request_firewall_managed) ------------------------------------

/** A URL an uptime checker requests. */
export interface MonitoredUrl {
  host: string;
  path: string;
}

/**
 * Route 53 health checkers requesting a monitored URL skip the rate limits, the managed rules and the security-level,
 * browser-integrity and user-agent checks, so an uptime check can never be blocked or challenged. Only requests from
 * the checkers' published address ranges (ip-ranges.json, service ROUTE53_HEALTHCHECKS) to exactly the monitored host
 * and path match: nobody else gets past anything.
 */
export function healthCheckSkipRule(urls: readonly MonitoredUrl[], checkerCidrs: readonly string[], plan: CloudflarePlan): EdgeRule {
  const targets = urls.map((u) => allOf([hostIs([u.host]), pathMatches([u.path])]));
  return {
    ref: "skip_route53_health_checks",
    description: "Route 53 health checkers on the monitored URLs: never rate-limited or challenged",
    expression: allOf([sourceIn(checkerCidrs), anyOf(targets)]),
    action: "skip",
    actionParameters: {
      // Super Bot Fight Mode exists from Pro up.
      phases: ["http_ratelimit", "http_request_firewall_managed", ...(plan === "free" ? [] : ["http_request_sbfm"])],
      products: ["securityLevel", "bic", "uaBlock"],
    },
  };
}

/** Cloudflare Free Managed Ruleset: available on every plan (https://developers.cloudflare.com/waf/managed-rules/). */
export const FREE_MANAGED_RULESET_ID = "77454fe2d30c4220b5701f6fdfb893ba";

export function freeManagedRulesetRule(): EdgeRule {
  return {
    ref: "execute_free_managed_ruleset",
    description: "Cloudflare Free Managed Ruleset",
    expression: "true",
    action: "execute",
    actionParameters: { id: FREE_MANAGED_RULESET_ID },
  };
}

/** The URLs on this domain that uptime checks request (other hosts are not behind this zone). */
export function monitoredUrls(checkUrls: readonly string[], domain: string): MonitoredUrl[] {
  const seen = new Set<string>();
  const urls: MonitoredUrl[] = [];
  for (const text of checkUrls) {
    const url = new URL(text);
    const host = url.hostname.toLowerCase();
    if (host !== domain && !host.endsWith(`.${domain}`)) continue;
    const path = edgePath(url.pathname);
    const key = `${host} ${path}`;
    if (!seen.has(key)) urls.push({ host, path });
    seen.add(key);
  }
  return urls;
}

/** The stack's own pages whose abuse costs the most, each a list of URL paths (`*` matches anything). */
export interface AuthPaths {
  signIn: readonly string[];
  passwordReset: readonly string[];
  signUp: readonly string[];
}
