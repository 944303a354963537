import { ONE_YEAR_SECONDS } from "../lib/durations";
import { PLAN_QUOTAS, type CloudflarePlan } from "../lib/cloudflare-plans";
import type { HostRecord } from "../lib/domain";
import type { AuthPaths } from "../lib/edge-rules";
import { keyPagesOf } from "../lib/uptime";

import type { FlowConfig, RateLimit, UptimeCheck } from "./schema";

/**
 * Every default of the stack config, in one place: what config fills in when a key is absent, and what that does.
 * `says` is the default in behaviour terms (the README's default column is generated from it); the schema reads
 * `value`. Keys are dotted as the stack file nests them: `[]` is every entry of a list, `<label>` every entry of a map.
 * A default that depends on other keys has no value here but a function below, which config/complete.ts calls.
 */
export interface FixedDefault<T> {
  readonly value: T;
  readonly says: string;
}
export interface DerivedDefault {
  readonly says: string;
}

const fixed = <T>(value: T, says: string): FixedDefault<T> => ({ value, says });
const derived = (says: string): DerivedDefault => ({ says });

/** Static assets cached long: the build output folders of common frameworks and file types that never carry a session. */
export const DEFAULT_STATIC_PATHS = ["/assets/*", "/static/*", "/_next/static/*", "/build/*", "/favicon.ico", "/robots.txt"];
/** The app's API, below one path on any host. */
const API_PATHS = "/api/*";
/** Dynamic paths that must never be cached: app, API, authentication and account pages. */
const DEFAULT_BYPASS_PATHS = ["/app/*", API_PATHS, "/auth/*", "/login*", "/logout*", "/signup*", "/password-reset*", "/account/*"];
/** 30 days at the edge: long enough to matter, short enough to survive a bad deploy of hashed assets' neighbours. */
const DEFAULT_EDGE_TTL_SECONDS = 2_592_000;
/** A flow that only checks an API's health runs often; page flows, which cost as much per run, less often. */
const API_FLOW_EVERY_MINUTES = 5;
const PAGE_FLOW_EVERY_MINUTES = 15;

export const DEFAULTS = {
  canonicalHost: fixed("apex" as const, "apex: the site is served at the domain itself; www 301-redirects to it, path and query kept"),
  "cloudflare.plan": fixed("free" as const, "free: the rule quotas of Cloudflare's Free plan, and no subscription is bought"),
  "cloudflare.existingZone": fixed(false, "false: the stack creates the zone"),
  // A created zone is pending until the registrar delegates to Cloudflare; an adopted one usually already serves.
  "cloudflare.zoneActive": derived("cloudflare.existingZone: a created zone counts as pending, so the MTA-STS policy host and its _mta-sts record wait until you set it to true"),
  hosts: fixed({}, "{}: no host; the canonical host (\"@\" or www) must be added"),
  // A proxied record hides the origin's address and puts the WAF, rate limits and cache in front of it.
  "hosts.<label>.proxied": fixed(true, "true: traffic goes through Cloudflare's edge (WAF, rate limits, cache); the origin's address stays hidden"),
  redirects: fixed([], "[]: no legacy redirect"),
  // A moved page keeps its search ranking only with a permanent redirect.
  "redirects[].status": fixed(301 as const, "301: a permanent redirect, so search engines move the old page's ranking to the new one"),
  // One year is what the preload list and audits expect; shorter only as a deliberate step of the ramp (rampStage).
  "hsts.maxAgeSeconds": fixed(ONE_YEAR_SECONDS, "31536000 (one year): browsers that saw the site refuse plain HTTP to it for a year"),
  "hsts.includeSubdomains": fixed(true, "true: the HTTPS-only promise covers every subdomain, so a cookie for the domain never travels in clear"),
  // Preloading is a one-way door (removal from the browsers' list takes months): an explicit opt-in.
  "hsts.preload": fixed(false, "false: no preload directive, so the domain cannot enter the browsers' preload list, a one-way door that stays an explicit opt-in"),
  "hsts.rampStage": fixed(false, "false: a max-age under six months is refused as an accident"),
  "email.transactional": fixed("ses" as const, "ses: the app sends through Amazon SES with Easy DKIM and a MAIL FROM subdomain, so its mail aligns for DMARC"),
  "email.mailFromSubdomain": fixed("mail", "mail: SES bounces go to mail.<domain>, which carries SES's MX and SPF"),
  // RFC 7505's null MX: senders bounce at once instead of retrying for days, and nobody can spoof a mailbox there.
  "email.inbound": fixed("none" as const, "none: a null MX says the domain receives no mail"),
  "email.senders": fixed([], "[]: no other sender is allowed in SPF"),
  "email.spfIncludes": fixed([], "[]: no extra SPF include"),
  "email.spfAll": fixed("-all" as const, "-all: receivers fail mail from any server SPF does not list"),
  "email.dkim": fixed([], "[]: no DKIM record besides SES's own"),
  // DMARC reject is a one-way door for mail that is not aligned yet: start with none and read the reports.
  "email.dmarc.policy": fixed("none" as const, "none: receivers still deliver mail that fails DMARC, while the reports (email.dmarc.rua) show who sends as the domain"),
  "email.dmarc.rua": fixed([], "[]: nobody receives the aggregate reports"),
  "email.dmarc.testing": fixed(false, "false: receivers apply the policy as written (no t=y)"),
  rateLimits: derived(
    "by plan: on Free one rule of 50 requests per 10 s over the auth pages and /api/*, blocked; on paid plans 10 per minute on the auth pages (managed challenge) and 300 per minute on /api/* (block)",
  ),
  "rateLimits[].action": fixed("block" as const, "block: requests over the limit are refused, not only challenged"),
  "cache.staticPaths": derived(`the build folders of common frameworks and files that never carry a session (${DEFAULT_STATIC_PATHS.join(", ")}), cached at the edge`),
  "cache.bypassPaths": derived(`app, API, auth and account pages (${DEFAULT_BYPASS_PATHS.join(", ")}) plus authPaths, never cached`),
  "cache.edgeTtlSeconds": derived(`${DEFAULT_EDGE_TTL_SECONDS} (30 days), or the plan's minimum edge TTL when that is longer`),
  "monitoring.latencyBudgetMs": fixed(1000, "1000: a page whose time to first byte (or a flow whose p95) stays over one second for ten minutes alarms as slow"),
  // The zod value is empty: config/complete.ts derives the checks when none are given.
  "monitoring.checks": fixed([], "home, login (authPaths.signIn on the app host, else the site) and, with an api host, https://api.<domain>/health"),
  "monitoring.checks[].expect": derived("nothing: the check passes on any 2xx or 3xx status"),
  "monitoring.flows": derived("the login and API health checks, each a one-step flow"),
  "monitoring.flows[].steps[].expect": derived("nothing: the step passes on any 2xx status"),
  "monitoring.flows[].everyMinutes": derived(`${API_FLOW_EVERY_MINUTES} for a flow that only checks API health, ${PAGE_FLOW_EVERY_MINUTES} for page flows (a canary run costs the same either way)`),
  "monitoring.flows[].owner": derived("the owner of each alert kind (monitoring.owners)"),
  "monitoring.flowRegion": derived("aws:region: the canaries run where the stack runs"),
  "monitoring.errorRatePercent": fixed(10, "10: a flow with more than 10 % failed requests over two periods in a row alarms"),
  "monitoring.owners.down": derived("the first of monitoring.alertEmails"),
  "monitoring.owners.errors": derived("the first of monitoring.alertEmails"),
  "monitoring.owners.slow": derived("the first of monitoring.alertEmails"),
  "monitoring.owners.edge": derived("the first of monitoring.alertEmails"),
  "monitoring.owners.jobs": derived("the first of monitoring.alertEmails"),
  "monitoring.slack": derived("none: alerts arrive by e-mail only"),
  "monitoring.slack.cloudflareWebhook": fixed(false, "false: Cloudflare's own alerts arrive by e-mail only"),
  "monitoring.errorTracking": fixed(false, "false: no error tracker, so no DSN secret is expected"),
  "monitoring.jobs": fixed([], "[]: no scheduled job is watched"),
  "monitoring.jobs[].owner": derived("monitoring.owners.jobs"),
  secrets: fixed([], "[]: no application secret"),
  "secrets[].generate": fixed(false, "false: the value comes from the secret config key of the same name"),
  "authPaths.signIn": fixed(["/login"], "/login"),
  "authPaths.passwordReset": fixed(["/password-reset"], "/password-reset"),
  "authPaths.signUp": fixed(["/signup"], "/signup"),
  records: fixed([], "[]: only the records the template derives"),
  "records[].priority": derived("none: only MX records have one, and they must"),
  "records[].proxied": fixed(false, "false: DNS only, as verification and mail records must be"),
  awsRegion: fixed("us-east-1", "us-east-1, when the stack sets no aws:region"),
} as const satisfies Record<string, FixedDefault<unknown> | DerivedDefault>;

/** All auth paths of the stack, sign-in first. */
const allAuthPaths = (auth: AuthPaths): string[] => [...new Set([...auth.signIn, ...auth.passwordReset, ...auth.signUp])];

/** The default bypass paths plus the stack's own auth pages (each with what follows it: /connexion?next=, /anmelden/). */
export function defaultBypassPaths(auth: AuthPaths): string[] {
  const own = allAuthPaths(auth).map((p) => (p.endsWith("*") ? p : `${p}*`));
  return [...new Set([...DEFAULT_BYPASS_PATHS, ...own])];
}

/** The edge TTL: 30 days, unless the plan's minimum is longer. */
export const defaultEdgeTtlSeconds = (plan: CloudflarePlan): number => Math.max(DEFAULT_EDGE_TTL_SECONDS, PLAN_QUOTAS[plan].minEdgeTtlSeconds);

/**
 * Rate limits that protect sign-in, password reset, sign-up and the API. The free plan allows one rule that may only
 * match on the path, with a 10 s period; higher plans get one rule per concern with its own threshold.
 */
export function defaultRateLimits(plan: CloudflarePlan, authPaths: AuthPaths): RateLimit[] {
  const auth = allAuthPaths(authPaths);
  if (plan === "free") {
    return [{ name: "auth-and-api", paths: [...auth, API_PATHS], requestsPerPeriod: 50, periodSeconds: 10, action: "block" }];
  }
  return [
    { name: "auth", paths: auth, requestsPerPeriod: 10, periodSeconds: 60, action: "managed_challenge" },
    { name: "api", paths: [API_PATHS], requestsPerPeriod: 300, periodSeconds: 60, action: "block" },
  ];
}

/** Uptime checks derived from the hosts: the home page, the login page and the API health endpoint. */
export function defaultChecks(domain: string, canonicalHost: "apex" | "www", hosts: Record<string, HostRecord>, signIn = "/login"): UptimeCheck[] {
  const home = canonicalHost === "www" ? `www.${domain}` : domain;
  const app = "app" in hosts ? `app.${domain}` : home;
  const checks: UptimeCheck[] = [
    { name: "home", url: `https://${home}/` },
    { name: "login", url: `https://${app}${signIn.replace(/\*.*$/, "")}` },
  ];
  if ("api" in hosts) checks.push({ name: "api-health", url: `https://api.${domain}/health` });
  return checks;
}

/** Without flows, the login page and the API health endpoint (the checks that name them) are the key flows. */
export function defaultFlows(checks: readonly UptimeCheck[]): FlowConfig[] {
  return checks
    .filter((c) => c.name === "login" || c.name === "api-health")
    .map((c) => ({ name: c.name, steps: [{ url: c.url, ...(c.expect === undefined ? {} : { expect: c.expect }) }] }));
}

/** How often a flow runs when it does not say: often when it only checks API health, less often for pages. */
export function defaultFlowEveryMinutes(steps: readonly { url: string }[]): number {
  return steps.every((s) => isApiHealthUrl(s.url)) ? API_FLOW_EVERY_MINUTES : PAGE_FLOW_EVERY_MINUTES;
}

function isApiHealthUrl(value: string): boolean {
  const url = new URL(value);
  return keyPagesOf(url.hostname, `${url.pathname}${url.search}`).includes("api-health");
}
