/**
 * What each Cloudflare plan allows, for the zone-level features the template uses. Every figure is a fact of
 * conformance/facts/cloudflare-plans.json (cloudflare-docs src/content/plans/index.json and
 * src/content/partials/waf/rate-limiting-availability-by-plan.mdx, with their commits), and
 * test/conformance/facts.test.ts holds this table to them.
 */
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];

export interface PlanQuota {
  /** Rules in the http_request_dynamic_redirect phase (Single Redirects). */
  redirectRules: number;
  /** Rules in the http_request_cache_settings phase (Cache Rules). */
  cacheRules: number;
  /** Rules in the http_ratelimit phase. */
  rateLimitRules: number;
  /** Rules in the http_request_firewall_custom phase (WAF custom rules; Pro 20, Pro+ 40). */
  customRules: number;
  /** Counting periods (seconds) the plan accepts: the supported values up to the plan's longest period. */
  rateLimitPeriods: readonly number[];
  /** Whether a rate-limit expression may use fields other than the URI path (Free: path only). */
  rateLimitPathOnly: boolean;
  /** Minimum edge cache TTL in seconds (Free 2 h, Pro 1 h, Business and up 1 s). */
  minEdgeTtlSeconds: number;
}

/**
 * What a zone this stack creates is subscribed to (ZoneSubscription rate_plan.id, terraform-provider-cloudflare
 * internal/services/zone_subscription/schema.go) and what it costs per month, billed monthly, in US dollars
 * (https://www.cloudflare.com/plans/: Pro "$20/mo billed annually, or $25/mo billed monthly", Business "$200/mo billed
 * annually, or $250/mo billed monthly"; read 2026-10-07). Free needs no subscription; Enterprise is a contract.
 */
export const RATE_PLANS: Readonly<Record<Exclude<CloudflarePlan, "enterprise">, { ratePlanId: string; monthlyUsd: number }>> = {
  free: { ratePlanId: "free", monthlyUsd: 0 },
  pro: { ratePlanId: "pro", monthlyUsd: 25 },
  business: { ratePlanId: "business", monthlyUsd: 250 },
};

/** The rate plan id a paid plan is bought as; undefined for Free (every zone starts there) and Enterprise (a contract). */
export function paidRatePlanId(plan: CloudflarePlan): string | undefined {
  return plan === "free" || plan === "enterprise" ? undefined : RATE_PLANS[plan].ratePlanId;
}

export const PLAN_QUOTAS: Readonly<Record<CloudflarePlan, PlanQuota>> = {
  free: { redirectRules: 10, cacheRules: 10, rateLimitRules: 1, customRules: 5, rateLimitPeriods: [10], rateLimitPathOnly: true, minEdgeTtlSeconds: 7200 },
  pro: { redirectRules: 25, cacheRules: 25, rateLimitRules: 2, customRules: 20, rateLimitPeriods: [10, 15, 20, 30, 40, 45, 60], rateLimitPathOnly: false, minEdgeTtlSeconds: 3600 },
  business: {
    redirectRules: 50,
    cacheRules: 50,
    rateLimitRules: 5,
    customRules: 100,
    rateLimitPeriods: [10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600],
    rateLimitPathOnly: false,
    minEdgeTtlSeconds: 1,
  },
  enterprise: {
    redirectRules: 300,
    cacheRules: 300,
    rateLimitRules: 5,
    customRules: 1000,
    rateLimitPeriods: [10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535],
    rateLimitPathOnly: false,
    minEdgeTtlSeconds: 1,
  },
};

/**
 * Rate-limit actions and what each plan requires of them (https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/):
 * a challenge needs a mitigation timeout of 0 below Enterprise, a block on Free lasts exactly 10 s, and `log` exists
 * on Enterprise only. Config, the rule builder and the policies all read these.
 */
export const CHALLENGE_ACTIONS = ["managed_challenge", "js_challenge", "challenge"] as const;
export const RATE_LIMIT_ACTIONS = ["block", ...CHALLENGE_ACTIONS, "log"] as const;
export type RateLimitAction = (typeof RATE_LIMIT_ACTIONS)[number];
/** Actions that stop the request (log only records it). */
export const ENFORCING_ACTIONS: readonly string[] = ["block", ...CHALLENGE_ACTIONS];

export const isChallengeAction = (action: string): boolean => (CHALLENGE_ACTIONS as readonly string[]).includes(action);
export const logActionAllowed = (plan: CloudflarePlan): boolean => plan === "enterprise";

/** The mitigation timeout (seconds) the plan requires for the action; undefined when the owner may choose. */
export function requiredMitigationTimeout(plan: CloudflarePlan, action: string): number | undefined {
  if (isChallengeAction(action)) return plan === "enterprise" ? undefined : 0;
  return plan === "free" ? 10 : undefined;
}
