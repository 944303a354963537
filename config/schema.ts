import { z } from "zod";
import { CLOUDFLARE_PLANS, logActionAllowed, PLAN_QUOTAS, RATE_LIMIT_ACTIONS, type CloudflarePlan } from "../lib/cloudflare-plans";
import { emailDomain, fqdn, isAtOrBelow, isDnsName, isHostname, isIPv4, isIPv6, registrableProblem, toAsciiDomain, toAsciiEmail, unroutableRange } from "../lib/domain";
import { cacheRules, legacySourcePaths, redirectTarget, siteHosts } from "../lib/edge-rules";
import { edgePath, MAX_EXPRESSION_LENGTH, pathMatches } from "../lib/expressions";
import { INBOUND_PRESETS } from "../lib/mail-presets";
import { HALF_YEAR_SECONDS, HSTS_RAMP_MIN_SECONDS, ONE_YEAR_SECONDS } from "../lib/zone-settings";
import { dkimFormsText, isDkimKey, isSenderId, isSendersDkimForm, SENDER_IDS, SENDERS, type Sender } from "../lib/senders";
import { lookupArithmetic, planSpf, SPF_LOOKUP_LIMIT } from "../lib/spf";
import { keyPagesOf } from "../lib/uptime";

/**
 * The config contract of design.md as one zod schema: parse, apply defaults, normalise (lowercase, punycode) and
 * explain every problem. Pure: config/index.ts reads pulumi.Config and hands the raw values in.
 */

/** Messages carry "what is allowed" and, after a NUL, "how to fix it"; config/issues.ts splits them. */
const FIX = "\u0000";
const say = (allowed: string, fix?: string): string => (fix === undefined ? allowed : `${allowed}${FIX}${fix}`);
export const splitMessage = (message: string): { allowed: string; fix?: string } => {
  const [allowed = message, fix] = message.split(FIX);
  return fix === undefined ? { allowed } : { allowed, fix };
};

function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? say(`only these keys: ${known}`, "remove the key or correct its spelling") : undefined,
  });
}

const wholeNumber = (min: number, max: number, unit: string) => {
  const allowed = say(`a whole number of ${unit} from ${min} to ${max}`);
  return z.number({ error: allowed }).int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
};

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: say(`one of ${values.join(", ")}`) });

const bool = z.boolean({ error: say("true or false") });

const domainName = z.string({ error: say("a domain name such as example.com") }).transform((value, ctx) => {
  const ascii = toAsciiDomain(value);
  if (ascii === undefined || !isHostname(ascii)) {
    ctx.addIssue({ code: "custom", message: say("a domain name such as example.com: letters, digits and hyphens in dot-separated labels, no spaces") });
    return z.NEVER;
  }
  return ascii;
});

/** The zone's domain: a name someone can register, not a public suffix (co.uk) nor a subdomain (app.example.com). */
const registrableDomain = domainName.superRefine((ascii, ctx) => {
  const problem = registrableProblem(ascii);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", message: say(`a registrable domain such as example.com or example.co.uk; by the public suffix list, ${problem}`, "put the domain you bought at the registrar here; subdomains go in hosts") });
  }
});

const emailAddress = z.string({ error: say("an e-mail address such as ops@example.com") }).transform((value, ctx) => {
  const address = toAsciiEmail(value);
  if (address === undefined) {
    ctx.addIssue({ code: "custom", message: say("an e-mail address such as ops@example.com (a mailto: prefix is accepted)") });
    return z.NEVER;
  }
  return address;
});

// Rules match the path only: a query (?) or fragment (#) in a path would never match anything.
const urlPath = z
  .string({ error: say('a URL path starting with "/", such as /pricing') })
  .refine((p) => /^\/[^\s"\\?#]*$/.test(p) && p.length <= 1024, {
    error: say('a URL path starting with "/", without spaces, quotes, backslashes, ? or #, at most 1024 characters'),
  });

/** A legacy URL is one exact path: redirects match it with and without its trailing slash. */
const exactPath = urlPath.refine((p) => !p.includes("*"), {
  error: say('one exact path such as /old-page (no *: each legacy URL gets its own redirect)'),
});

const label = z
  .string({ error: say("a name of letters, digits and hyphens") })
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { error: say("a lowercase name of letters, digits and hyphens, starting with a letter, at most 63 characters") });

const hostLabel = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine((v) => v === "@" || /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/.test(v), {
    error: say('"@" for the apex or a label such as app, api or www (not the full domain)'),
  });

const hostRecord = strictObject({
  type: oneOf(["A", "AAAA", "CNAME"]),
  target: z.string({ error: say("an IPv4 address (A), an IPv6 address (AAAA) or a host name (CNAME)") }).trim(),
  proxied: bool.default(true),
}).superRefine((record, ctx) => {
  const valid =
    record.type === "A" ? isIPv4(record.target) : record.type === "AAAA" ? isIPv6(record.target) : isHostname(record.target);
  if (!valid) {
    const what = { A: "an IPv4 address such as 203.0.113.10", AAAA: "an IPv6 address such as 2001:db8::10", CNAME: "a host name such as app.example.net" }[record.type];
    ctx.addIssue({ code: "custom", path: ["target"], message: say(`for a ${record.type} record, ${what}`) });
    return;
  }
  // A DNS-only record may name a private address on purpose (a VPN host); a proxied one never works.
  const range = record.type === "CNAME" || !record.proxied ? undefined : unroutableRange(record.target);
  if (range !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["target"],
      message: say(
        `a public address for a proxied record: ${record.target} is in a ${range} range, which Cloudflare's edge cannot reach`,
        "use the server's public address (the one the host's dashboard shows), or a CNAME to the host's name",
      ),
    });
  }
});

const redirect = strictObject({
  from: exactPath,
  to: z.string({ error: say("a path starting with / or an https:// URL") }).refine(
    (to) => /^\/[^\s"\\]*$/.test(to) || isHttpsUrl(to),
    { error: say('a path starting with "/" or an https:// URL, without spaces, quotes or backslashes') },
  ),
  status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], {
    error: say("one of 301, 302, 303, 307, 308 (301 for moved pages)"),
  }).default(301),
});

function isHttpsUrl(value: string): boolean {
  if (/[\s"\\]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && isHostname(url.hostname);
  } catch {
    return false;
  }
}


const hsts = strictObject({
  maxAgeSeconds: wholeNumber(0, 2 * ONE_YEAR_SECONDS, "seconds").default(ONE_YEAR_SECONDS),
  includeSubdomains: bool.default(true),
  preload: bool.default(false),
  rampStage: bool.default(false),
}).superRefine((value, ctx) => {
  if (value.maxAgeSeconds < HALF_YEAR_SECONDS && !value.rampStage) {
    ctx.addIssue({
      code: "custom",
      path: ["maxAgeSeconds"],
      message: say(
        `at least ${HALF_YEAR_SECONDS} seconds (six months; 31536000 is one year), unless this is a deliberate step of the HSTS ramp`,
        "set maxAgeSeconds: 31536000, or, while ramping up on purpose, add rampStage: true (and raise maxAgeSeconds step by step)",
      ),
    });
  }
  if (value.rampStage && (value.maxAgeSeconds < HSTS_RAMP_MIN_SECONDS || value.maxAgeSeconds >= ONE_YEAR_SECONDS)) {
    ctx.addIssue({
      code: "custom",
      path: ["rampStage"],
      message: say(
        `rampStage only with a maxAgeSeconds from ${HSTS_RAMP_MIN_SECONDS} (five minutes: 0 switches HSTS off) to under ${ONE_YEAR_SECONDS} (one year ends the ramp)`,
        value.maxAgeSeconds >= ONE_YEAR_SECONDS ? "remove rampStage: the ramp is done" : `set maxAgeSeconds to at least ${HSTS_RAMP_MIN_SECONDS}`,
      ),
    });
  }
  if (value.preload && (!value.includeSubdomains || value.maxAgeSeconds < ONE_YEAR_SECONDS)) {
    ctx.addIssue({
      code: "custom",
      path: ["preload"],
      message: say(
        "preload only with includeSubdomains: true and maxAgeSeconds of at least 31536000 (the preload list's entry rules)",
        "set includeSubdomains: true and maxAgeSeconds: 31536000, or drop preload",
      ),
    });
  }
});

const dkimRecord = strictObject({
  selector: z
    .string({ error: say("a DKIM selector such as s1 or google") })
    .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i, { error: say("a DKIM selector such as s1 or google (letters, digits, hyphens, dots)") })
    .transform((s) => s.toLowerCase()),
  value: z
    .string({ error: say("the sender's DKIM TXT value (v=DKIM1; k=rsa; p=...) or the CNAME target it gives") })
    .trim()
    .refine((v) => isDkimKey(v) || isDnsName(v.toLowerCase()), {
      error: say("the sender's DKIM TXT value (v=DKIM1; k=rsa; p=...) or the host name its CNAME points to"),
    }),
});

const email = strictObject({
  transactional: oneOf(["ses", "none"]).default("ses"),
  mailFromSubdomain: z
    .string({ error: say("one DNS label such as mail or bounce") })
    .transform((s) => s.toLowerCase())
    .refine((s) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(s), { error: say("one DNS label such as mail or bounce") })
    .default("mail"),
  inbound: oneOf(INBOUND_PRESETS).default("none"),
  senders: z
    .array(
      z.string({ error: say(`a sender id: ${SENDER_IDS.join(", ")}`) }).refine(isSenderId, {
        error: say(`a known sender id: ${SENDER_IDS.join(", ")}`, "use one of these ids, or put the sender's SPF include domain in email.spfIncludes"),
      }),
      { error: say(`a list of sender ids: ${SENDER_IDS.join(", ")}`) },
    )
    .default([]),
  spfIncludes: z.array(domainName, { error: say("a list of SPF include domains such as spf.example.net") }).default([]),
  // How the apex SPF ends: -all (fail) by default; ~all (softfail) while a forgotten sender may still exist. Never +all/?all.
  spfAll: z.enum(["-all", "~all"], { error: say("-all or ~all (+all and ?all let anyone send as the domain)") }).default("-all"),
  dkim: z.array(dkimRecord, { error: say("a list of { selector, value }") }).default([]),
  dmarc: strictObject({
    policy: oneOf(["none", "quarantine", "reject"]).default("none"),
    rua: z.array(emailAddress, { error: say("a list of e-mail addresses for aggregate reports") }).default([]),
    testing: bool.default(false),
  }).prefault({}),
});

const rateLimit = strictObject({
  name: label,
  paths: z.array(urlPath, { error: say("a list of URL paths") }).min(1, { error: say("at least one URL path") }),
  requestsPerPeriod: wholeNumber(1, 1_000_000, "requests"),
  periodSeconds: wholeNumber(10, 3600, "seconds"),
  action: oneOf(RATE_LIMIT_ACTIONS).default("block"),
});

const cache = strictObject({
  staticPaths: z.array(urlPath, { error: say("a list of URL paths; * matches anything") }).optional(),
  bypassPaths: z.array(urlPath, { error: say("a list of URL paths; * matches anything") }).optional(),
  edgeTtlSeconds: wholeNumber(1, ONE_YEAR_SECONDS, "seconds").optional(),
});

const check = strictObject({
  name: label,
  url: z
    .string({ error: say("an https:// URL") })
    .refine(isHttpsUrl, {
      error: say("an https:// URL of a public host, such as https://app.example.com/login", "Route 53 checks run over HTTPS with SNI; use https://"),
      abort: true,
    })
    .refine(isCheckableUrl, {
      error: say(
        "an https:// URL on the default port 443, without a user name or password, whose path and query fit in 255 characters",
        "Route 53 checks connect to port 443 and send at most 255 characters of path; check a URL the public reaches that way",
      ),
    }),
  expect: z
    .string({ error: say("text the response body must contain") })
    .min(1, { error: say("1 to 255 characters the response body must contain") })
    .max(255, { error: say("1 to 255 characters the response body must contain (Route 53 searches the first 5,120 bytes)") })
    .optional(),
});

/** What a Route 53 HTTPS check can reach: port 443, no credentials in the URL, a resource path of at most 255 characters. */
function isCheckableUrl(value: string): boolean {
  const url = new URL(value);
  return url.port === "" && url.username === "" && url.password === "" && `${url.pathname}${url.search}`.length <= 255;
}

/** Who answers an alert: a person or team as AWS tag values allow it (it goes into tags and alarm descriptions). */
const owner = z
  .string({ error: say("a person or team, such as ops@example.com or Platform team") })
  .regex(/^[\p{L}\p{N} _.:/=+\-@]{1,128}$/u, {
    error: say("1 to 128 letters, digits, spaces or _ . : / = + - @ (what AWS tag values accept), such as ops@example.com"),
  });

const flowStep = strictObject({
  url: z.string({ error: say("an https:// URL") }).refine(isHttpsUrl, {
    error: say("an https:// URL of a public host, such as https://app.example.com/login", "the canary requests it like a visitor's browser; use https://"),
  }),
  expect: z
    .string({ error: say("text the page must contain") })
    .min(1, { error: say("1 to 255 characters the page must contain") })
    .max(255, { error: say("1 to 255 characters the page must contain") })
    .optional(),
});

/** A key flow a canary walks like a visitor: its pages in order, and the text that proves each one works. */
const flow = strictObject({
  name: label,
  steps: z
    .array(flowStep, { error: say("a list of { url, expect? }") })
    .min(1, { error: say("1 to 5 steps") })
    .max(5, { error: say("1 to 5 steps", "split the flow in two") }),
  everyMinutes: wholeNumber(1, 60, "minutes").optional(),
  owner: owner.optional(),
});

const slack = strictObject({
  workspaceId: z
    .string({ error: say("the Slack workspace id, such as T07EA123LEP") })
    .regex(/^T[A-Z0-9]{8,}$/, { error: say("the Slack workspace id: T then capital letters and digits, such as T07EA123LEP", "copy it from the AWS Chatbot console after authorising the workspace") }),
  channelId: z
    .string({ error: say("the Slack channel id, such as C07EZ1ABC23") })
    .regex(/^[CG][A-Z0-9]{8,}$/, { error: say("the Slack channel id: C (or G) then capital letters and digits, such as C07EZ1ABC23", "Slack: channel name → View channel details → Channel ID") }),
  cloudflareWebhook: bool.default(false),
});

/** A scheduled job that must check in after every successful run (its heartbeat). */
const job = strictObject({
  name: label,
  everyMinutes: wholeNumber(1, 720, "minutes"),
  owner: owner.optional(),
});

const monitoring = strictObject({
  alertEmails: z
    .array(emailAddress, { error: say("a list of e-mail addresses that receive alerts") })
    .min(1, { error: say("at least one e-mail address", 'add one: alertEmails: ["ops@example.com"]') }),
  latencyBudgetMs: wholeNumber(1, 60_000, "milliseconds").default(1000),
  checks: z.array(check, { error: say("a list of { name, url, expect? }") }).default([]),
  flows: z.array(flow, { error: say("a list of { name, steps: [{ url, expect? }], everyMinutes?, owner? }") }).optional(),
  flowRegion: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: say("the AWS region nearest the customers, such as eu-west-1") })
    .optional(),
  errorRatePercent: wholeNumber(1, 100, "percent").default(10),
  owners: strictObject({ down: owner.optional(), errors: owner.optional(), slow: owner.optional(), edge: owner.optional(), jobs: owner.optional() }).prefault({}),
  slack: slack.optional(),
  errorTracking: bool.default(false),
  jobs: z.array(job, { error: say("a list of { name, everyMinutes, owner? }") }).default([]),
});

/** The stack's own sign-in, password-reset and sign-up pages (any language); rate limits, cache and checks read them. */
const authPathList = (example: string) =>
  z.array(urlPath, { error: say(`a list of URL paths such as ${example}; * matches anything`) }).min(1, { error: say(`at least one URL path such as ${example}`) });
const authPaths = strictObject({
  signIn: authPathList("/login").default(["/login"]),
  passwordReset: authPathList("/password-reset").default(["/password-reset"]),
  signUp: authPathList("/signup").default(["/signup"]),
});

const RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT", "MX"] as const;

/** A record the template does not derive: verification TXT, _acme-challenge, a sender's own MX and SPF on a subdomain. */
const extraRecord = strictObject({
  name: z
    .string({ error: say('"@" or a name relative to the zone, such as _acme-challenge.app or send') })
    .transform((v) => v.toLowerCase().replace(/\.$/, ""))
    .refine((v) => v === "@" || isDnsName(`${v}.zone`), {
      error: say('"@" or a name relative to the zone, such as _acme-challenge.app or send (letters, digits, hyphens, underscores)'),
    }),
  type: oneOf(RECORD_TYPES),
  content: z.string({ error: say("the record's value") }).trim().min(1, { error: say("the record's value") }),
  priority: wholeNumber(0, 65535, "").optional(),
  proxied: bool.default(false),
}).superRefine((record, ctx) => {
  const content = record.type === "CNAME" || record.type === "MX" ? record.content.toLowerCase().replace(/\.$/, "") : record.content;
  const valid = { A: isIPv4, AAAA: isIPv6, CNAME: isDnsName, MX: isDnsName, TXT: (v: string) => v.length <= 2048 }[record.type](content);
  if (!valid) {
    const what = { A: "an IPv4 address", AAAA: "an IPv6 address", CNAME: "a host name", MX: "a mail server's host name", TXT: "text of at most 2048 characters" }[record.type];
    ctx.addIssue({ code: "custom", path: ["content"], message: say(`for a ${record.type} record, ${what}`) });
  }
  if ((record.type === "MX") !== (record.priority !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["priority"], message: say(record.type === "MX" ? "a priority for an MX record, such as 10" : "no priority: only MX records have one") });
  }
  if (record.proxied && !["A", "AAAA", "CNAME"].includes(record.type)) {
    ctx.addIssue({ code: "custom", path: ["proxied"], message: say("proxied only on A, AAAA or CNAME records") });
  }
});

const secret = strictObject({
  name: z
    .string({ error: say("a name of letters, digits and underscores") })
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, { error: say("a name starting with a letter, then letters, digits or underscores, at most 63 characters") }),
  generate: bool.default(false),
});

export const CONTRACT_KEYS = [
  "domain",
  "canonicalHost",
  "cloudflare",
  "hosts",
  "redirects",
  "hsts",
  "email",
  "rateLimits",
  "cache",
  "monitoring",
  "secrets",
  "authPaths",
  "records",
] as const;

export const rawSchema = strictObject({
  domain: registrableDomain,
  canonicalHost: oneOf(["apex", "www"]).default("apex"),
  cloudflare: strictObject({
    accountId: z
      .string({ error: say("the 32-character Cloudflare account id (dashboard → Account home → Account ID)") })
      .regex(/^[0-9a-f]{32}$/i, { error: say("the 32-character hexadecimal Cloudflare account id") })
      .transform((s) => s.toLowerCase()),
    plan: oneOf(CLOUDFLARE_PLANS).default("free"),
    existingZone: bool.default(false),
    // Whether Cloudflare shows the zone Active (the registrar delegates to it). What needs an active zone waits for it.
    zoneActive: bool.optional(),
  }),
  hosts: z
    .record(hostLabel, hostRecord, { error: say('a map of host labels ("@", app, api, www) to { type, target, proxied }') })
    .default({}),
  redirects: z.array(redirect, { error: say("a list of { from, to, status }") }).default([]),
  hsts: hsts.prefault({}),
  email: email.prefault({}),
  rateLimits: z.array(rateLimit, { error: say("a list of { name, paths, requestsPerPeriod, periodSeconds, action }") }).optional(),
  cache: cache.prefault({}),
  monitoring,
  secrets: z.array(secret, { error: say("a list of { name, generate }") }).default([]),
  authPaths: authPaths.prefault({}),
  records: z.array(extraRecord, { error: say("a list of { name, type, content, priority?, proxied? }") }).default([]),
  awsRegion: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: say("an AWS region such as eu-west-1", "pulumi config set aws:region eu-west-1") })
    .default("us-east-1"),
});

type Raw = z.output<typeof rawSchema>;
export type Plan = CloudflarePlan;
export type HostRecord = Raw["hosts"][string];
export type Redirect = Raw["redirects"][number];
export type RateLimit = z.output<typeof rateLimit>;
export type UptimeCheck = z.output<typeof check>;
export type AuthPaths = z.output<typeof authPaths>;
export type ExtraRecord = z.output<typeof extraRecord>;
export type FlowConfig = z.output<typeof flow>;
export type ScheduledJob = z.output<typeof job>;
export type SlackConfig = z.output<typeof slack>;
/** The kinds of alert an owner answers for. */
export type AlertKind = keyof z.output<typeof monitoring>["owners"];

export interface CacheConfig {
  staticPaths: string[];
  bypassPaths: string[];
  edgeTtlSeconds: number;
}

export interface MonitoringConfig {
  alertEmails: string[];
  latencyBudgetMs: number;
  checks: UptimeCheck[];
  /** Key flows, each walked by a canary; defaults from the login and API health checks. */
  flows: (FlowConfig & { everyMinutes: number })[];
  /** Where the canaries run: the region nearest the customers (default aws:region). */
  flowRegion: string;
  errorRatePercent: number;
  /** Alert kind → who answers it (default: the first alert address). */
  owners: Record<AlertKind, string>;
  slack?: SlackConfig;
  /** The app reports exceptions to an error tracker whose DSN is the stack secret errorTrackerDsn. */
  errorTracking: boolean;
  /** Scheduled jobs, each with a heartbeat alarm in flowRegion. */
  jobs: ScheduledJob[];
}

/** The validated, normalised config every component receives. */
export interface LaunchSettings extends Omit<Raw, "cloudflare" | "rateLimits" | "cache" | "monitoring"> {
  /** zoneActive defaults to existingZone: a new zone is pending until the registrar delegates to Cloudflare. */
  cloudflare: Omit<Raw["cloudflare"], "zoneActive"> & { zoneActive: boolean };
  rateLimits: RateLimit[];
  cache: CacheConfig;
  monitoring: MonitoringConfig;
}

/** Static assets cached long: the build output folders of common frameworks and file types that never carry a session. */
export const DEFAULT_STATIC_PATHS = ["/assets/*", "/static/*", "/_next/static/*", "/build/*", "/favicon.ico", "/robots.txt"];
/** Dynamic paths that must never be cached: app, API, authentication and account pages. */
export const DEFAULT_BYPASS_PATHS = ["/app/*", "/api/*", "/auth/*", "/login*", "/logout*", "/signup*", "/password-reset*", "/account/*"];

/** The default bypass paths plus the stack's own auth pages (each with what follows it: /connexion?next=, /anmelden/). */
export function defaultBypassPaths(auth: AuthPaths): string[] {
  const own = [...auth.signIn, ...auth.passwordReset, ...auth.signUp].map((p) => (p.endsWith("*") ? p : `${p}*`));
  return [...new Set([...DEFAULT_BYPASS_PATHS, ...own])];
}

/** All auth paths of the stack, sign-in first. */
export const allAuthPaths = (auth: AuthPaths): string[] => [...new Set([...auth.signIn, ...auth.passwordReset, ...auth.signUp])];
/** 30 days at the edge: long enough to matter, short enough to survive a bad deploy of hashed assets' neighbours. */
export const DEFAULT_EDGE_TTL_SECONDS = 2_592_000;

/**
 * Rate limits that protect sign-in, password reset, sign-up and the API. The free plan allows one rule that may only
 * match on the path, with a 10 s period; higher plans get one rule per concern with its own threshold.
 */
export function defaultRateLimits(plan: CloudflarePlan, authPaths: AuthPaths): RateLimit[] {
  const auth = allAuthPaths(authPaths);
  if (plan === "free") {
    return [{ name: "auth-and-api", paths: [...auth, "/api/*"], requestsPerPeriod: 50, periodSeconds: 10, action: "block" }];
  }
  return [
    { name: "auth", paths: auth, requestsPerPeriod: 10, periodSeconds: 60, action: "managed_challenge" },
    { name: "api", paths: ["/api/*"], requestsPerPeriod: 300, periodSeconds: 60, action: "block" },
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

export interface SchemaIssue {
  path: (string | number)[];
  message: string;
}

/** Checks across keys: mistakes that would only show after launch. */
export function crossFieldIssues(config: LaunchSettings, rateLimitsGiven: boolean): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const quota = PLAN_QUOTAS[config.cloudflare.plan];
  const plan = config.cloudflare.plan;
  const canonicalLabel = config.canonicalHost === "apex" ? "@" : "www";

  // Enterprise is a contract Cloudflare puts on the zone; no API subscription buys it.
  if (plan === "enterprise" && !config.cloudflare.existingZone) {
    issues.push({
      path: ["cloudflare", "plan"],
      message: say(
        "free, pro or business for a zone this stack creates (an Enterprise plan is set on an existing zone by Cloudflare under contract)",
        "create the zone on pro or business, or adopt the Enterprise zone with cloudflare.existingZone: true",
      ),
    });
  }

  if (!(canonicalLabel in config.hosts)) {
    issues.push({
      path: ["hosts"],
      message: say(
        `a "${canonicalLabel}" entry: canonicalHost is ${config.canonicalHost}, so that host serves the site`,
        `add hosts: { "${canonicalLabel}": { type: CNAME, target: <your app's host> } }`,
      ),
    });
  }

  // The canonical redirect takes one Single Redirect rule; legacy redirects share the rest of the quota.
  const redirectRoom = quota.redirectRules - 1;
  if (config.redirects.length > redirectRoom) {
    issues.push({
      path: ["redirects"],
      message: say(
        `at most ${redirectRoom} redirects on the ${plan} plan (${quota.redirectRules} redirect rules, one is the canonical-host redirect)`,
        "remove redirects, or move to a plan with more rules (cloudflare.plan)",
      ),
    });
  }
  issues.push(...redirectIssues(config));
  issues.push(...hostIssues(config));
  issues.push(...recordIssues(config));

  if (config.rateLimits.length > quota.rateLimitRules) {
    issues.push({
      path: ["rateLimits"],
      message: say(
        `at most ${quota.rateLimitRules} rate-limit rule${quota.rateLimitRules === 1 ? "" : "s"} on the ${plan} plan`,
        "merge the rules' paths into fewer rules, or move to a plan with more rules (cloudflare.plan)",
      ),
    });
  }
  if (rateLimitsGiven) {
    config.rateLimits.forEach((r, i) => {
      if (!quota.rateLimitPeriods.includes(r.periodSeconds)) {
        issues.push({
          path: ["rateLimits", i, "periodSeconds"],
          message: say(`on the ${plan} plan, one of ${quota.rateLimitPeriods.join(", ")} seconds`),
        });
      }
      if (r.action === "log" && !logActionAllowed(plan)) {
        issues.push({ path: ["rateLimits", i, "action"], message: say("block, managed_challenge, js_challenge or challenge (log is Enterprise only)") });
      }
    });
  }
  const names = config.rateLimits.map((r) => r.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) issues.push({ path: ["rateLimits", i, "name"], message: say("a name used once", "rename one of the rules") });
  });

  if (config.cache.edgeTtlSeconds < quota.minEdgeTtlSeconds) {
    issues.push({
      path: ["cache", "edgeTtlSeconds"],
      message: say(`at least ${quota.minEdgeTtlSeconds} seconds on the ${plan} plan (its minimum edge cache TTL)`),
    });
  }
  issues.push(...expressionLengthIssues(config));

  issues.push(...mailIssues(config));

  const checkNames = config.monitoring.checks.map((c) => c.name);
  checkNames.forEach((n, i) => {
    if (checkNames.indexOf(n) !== i) issues.push({ path: ["monitoring", "checks", i, "name"], message: say("a name used once", "rename one of the checks") });
  });
  for (const [key, names] of [["flows", config.monitoring.flows.map((f) => f.name)], ["jobs", config.monitoring.jobs.map((j) => j.name)]] as const) {
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) issues.push({ path: ["monitoring", key, i, "name"], message: say("a name used once", `rename one of the ${key}`) });
    });
  }
  if (config.monitoring.slack?.cloudflareWebhook === true && config.cloudflare.plan === "free") {
    issues.push({
      path: ["monitoring", "slack", "cloudflareWebhook"],
      message: say(
        "false on the free plan: Cloudflare webhooks need a Pro (or higher) zone in the account",
        "set it to false (Cloudflare alerts still arrive by e-mail), or move the zone to Pro (cloudflare.plan)",
      ),
    });
  }
  // One subscription per address: a second one for the same address would be the same SNS subscription.
  const alertEmails = config.monitoring.alertEmails.map((a) => a.toLowerCase());
  alertEmails.forEach((a, i) => {
    if (alertEmails.indexOf(a) !== i) issues.push({ path: ["monitoring", "alertEmails", i], message: say("each address once", "remove the duplicate") });
  });

  const secretNames = config.secrets.map((s) => s.name);
  secretNames.forEach((n, i) => {
    if (secretNames.indexOf(n) !== i) issues.push({ path: ["secrets", i, "name"], message: say("a name used once", "remove the duplicate") });
    if ((CONTRACT_KEYS as readonly string[]).includes(n)) {
      issues.push({ path: ["secrets", i, "name"], message: say(`a name that is not a config key (${CONTRACT_KEYS.join(", ")})`, "rename the secret") });
    }
  });
  return issues;
}

/** The names the stack publishes an address (A, AAAA, CNAME) for, fully qualified: redirects may only go there in the zone. */
function publishedHosts(config: LaunchSettings): Set<string> {
  const site = siteHosts(config.domain, config.canonicalHost);
  const names = [site.canonical, site.other, ...Object.keys(config.hosts).map((l) => fqdn(l, config.domain))];
  for (const r of config.records) if (["A", "AAAA", "CNAME"].includes(r.type)) names.push(fqdn(r.name, config.domain));
  return new Set(names);
}

/**
 * Legacy redirects: each source once, no destination that is itself redirected (a second hop, or a loop), and no
 * destination in this zone that the zone does not publish (visitors would get a DNS error).
 */
function redirectIssues(config: LaunchSettings): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const site = siteHosts(config.domain, config.canonicalHost);
  const published = publishedHosts(config);
  const sources = config.redirects.map((r) => new Set(legacySourcePaths(r.from).map(edgePath)));
  /** The redirect that catches a destination on the site again, if any. */
  const nextHop = (to: string): number => {
    const target = new URL(redirectTarget(site, to));
    if (target.hostname !== site.canonical && target.hostname !== site.other) return -1;
    return sources.findIndex((set) => set.has(edgePath(target.pathname)));
  };
  config.redirects.forEach((r, i) => {
    const first = sources.findIndex((set) => [...(sources[i] ?? [])].some((p) => set.has(p)));
    if (first < i) issues.push({ path: ["redirects", i, "from"], message: say(`each from path once (redirects[${first}] already redirects it)`, "remove the duplicate") });
    const target = new URL(redirectTarget(site, r.to));
    if (isAtOrBelow(target.hostname, config.domain) && !published.has(target.hostname)) {
      issues.push({
        path: ["redirects", i, "to"],
        message: say(
          `a destination the zone publishes (${[...published].join(", ")}): ${target.hostname} has no record, so visitors would get a DNS error`,
          `add ${target.hostname.slice(0, -config.domain.length - 1) || "@"} to hosts, or redirect to a page that exists`,
        ),
      });
      return;
    }
    const hop = nextHop(r.to);
    if (hop < 0) return;
    // Follow the chain: back to this redirect is a loop; anything else is a second hop.
    const seen = new Set([i]);
    let at = hop;
    while (at >= 0 && !seen.has(at)) {
      seen.add(at);
      at = nextHop(config.redirects[at]?.to ?? "");
    }
    const loops = at === i;
    const final = config.redirects[hop]?.to ?? "";
    issues.push({
      path: ["redirects", i, "to"],
      message: say(
        loops
          ? `a destination that is not redirected again: ${target.pathname} ${hop === i ? "is this redirect's own from path" : `is redirected by redirects[${hop}], which leads back here`}, a redirect loop that browsers stop with an error`
          : `a destination that is not itself redirected: redirects[${hop}] redirects ${target.pathname} again, so visitors would take two hops`,
        loops ? "point the redirects of the loop to the page that really holds the content (a path no redirect's from names), or remove one of them" : `point to the final destination (${final})`,
      ),
    });
  });
  return issues;
}

/**
 * True when a relative name repeats the domain: "app.example.com" (or "app.example") under example.com would publish
 * app.example.com.example.com.
 */
function repeatsDomain(name: string, domain: string): boolean {
  const labels = name.split(".");
  return isAtOrBelow(name, domain) || (labels.length > 1 && labels[labels.length - 1] === domain.split(".")[0]);
}

/** Host labels: relative to the zone, and no CNAME to itself. */
function hostIssues(config: LaunchSettings): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const [label, record] of Object.entries(config.hosts)) {
    if (label !== "@" && repeatsDomain(label, config.domain)) {
      issues.push({
        path: ["hosts", label],
        message: say(`a label relative to ${config.domain} ("@", app, api, www): ${label} would publish ${fqdn(label, config.domain)}`, `write the label without the domain${isAtOrBelow(label, config.domain) ? `: ${label === config.domain ? "@" : label.slice(0, -config.domain.length - 1)}` : ""}`),
      });
    }
    if (record.type === "CNAME" && record.target.toLowerCase().replace(/\.$/, "") === fqdn(label, config.domain)) {
      issues.push({ path: ["hosts", label, "target"], message: say(`a CNAME target other than the record's own name (${fqdn(label, config.domain)}): a name that points to itself never resolves`, "point it to the host your app runs on, such as myapp.fly.dev") });
    }
  }
  return issues;
}

/** Names whose records the template writes itself, relative to the zone, with the key that manages them. */
function managedNames(config: LaunchSettings): Map<string, string> {
  const { email } = config;
  const names = new Map<string, string>([["@", "hosts, email and CAA"], ["_dmarc", "email.dmarc"]]);
  if (email.transactional === "ses") names.set(email.mailFromSubdomain, "email.mailFromSubdomain (SES MAIL FROM)");
  if (email.inbound !== "none") for (const n of ["_mta-sts", "mta-sts", "_smtp._tls"]) names.set(n, "email.inbound (MTA-STS and TLS-RPT)");
  for (const d of email.dkim) names.set(`${d.selector}._domainkey`, "email.dkim");
  for (const label of Object.keys(config.hosts)) names.set(label, "hosts");
  const otherLabel = config.canonicalHost === "apex" ? "www" : "@";
  if (!(otherLabel in config.hosts)) names.set(otherLabel, "canonicalHost (the redirect-only record)");
  return names;
}

/**
 * Extra records: inside the zone, no CNAME beside another record (an apex CNAME is flattened by Cloudflare, so records
 * beside it are fine), no second SPF, DMARC or MX where the template writes them. */
function recordIssues(config: LaunchSettings): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const managed = managedNames(config);
  const { email } = config;
  const spfNames = new Set(["@", ...(email.transactional === "ses" ? [email.mailFromSubdomain] : [])]);
  const key = (r: ExtraRecord) => `${r.name} ${r.type} ${r.content}`;
  // Names that carry the site's address records: the hosts, and the redirect-only record of the non-canonical host.
  const otherLabel = config.canonicalHost === "apex" ? "www" : "@";
  const isHost = (name: string) => name in config.hosts || name === otherLabel;
  config.records.forEach((r, i) => {
    const at = (field?: string) => ["records", i, ...(field === undefined ? [] : [field])];
    if (r.name !== "@" && repeatsDomain(r.name, config.domain)) {
      issues.push({ path: at("name"), message: say(`a name relative to ${config.domain}: ${r.name} would publish ${fqdn(r.name, config.domain)}`, "write the name without the domain, such as _acme-challenge.app") });
      return;
    }
    const isSpf = r.type === "TXT" && /^v=spf1(\s|$)/i.test(r.content);
    if (isSpf && spfNames.has(r.name)) {
      issues.push({ path: at("content"), message: say(`no SPF record at ${fqdn(r.name, config.domain)}: the template writes the one SPF record there (two SPF records make SPF fail, RFC 7208 §4.5)`, r.name === "@" ? "add the sender to email.senders, or its include domain to email.spfIncludes" : "pick another subdomain for this sender") });
    }
    if (r.type === "TXT" && /^v=DMARC1/i.test(r.content) && r.name === "_dmarc") {
      issues.push({ path: at("content"), message: say("no DMARC record at _dmarc: the template writes it from email.dmarc", "set the policy in email.dmarc") });
    }
    if (r.type === "MX" && (r.name === "@" || (email.transactional === "ses" && r.name === email.mailFromSubdomain))) {
      issues.push({ path: at("type"), message: say(`no MX at ${fqdn(r.name, config.domain)}: the template writes it (${r.name === "@" ? "email.inbound" : "SES MAIL FROM"})`, r.name === "@" ? "set email.inbound to your mailbox provider" : "pick another subdomain for this sender") });
    }
    const managedBy = managed.get(r.name);
    const othersHere = config.records.filter((o, j) => j !== i && o.name === r.name);
    if (r.type === "CNAME" && (managedBy !== undefined || othersHere.length > 0)) {
      issues.push({ path: at("type"), message: say(`a name with no other record: a CNAME must stand alone (RFC 1034 §3.6.2), and ${fqdn(r.name, config.domain)} also has records from ${managedBy ?? "records"}`, "use another name, or drop the other records there") });
    } else if (isHost(r.name) && ["A", "AAAA"].includes(r.type)) {
      issues.push({ path: at("name"), message: say(`a name that is not a host: ${fqdn(r.name, config.domain)} is already published by ${managedBy ?? "hosts"}`, "change the host in hosts instead") });
    } else if (r.type !== "CNAME" && (othersHere.some((o) => o.type === "CNAME") || (r.name !== "@" && config.hosts[r.name]?.type === "CNAME"))) {
      issues.push({ path: at("name"), message: say(`a name without a CNAME: ${fqdn(r.name, config.domain)} is a CNAME, which must stand alone (RFC 1034 §3.6.2)`, "use another name") });
    }
    if (config.records.findIndex((o) => key(o) === key(r)) < i) issues.push({ path: at(), message: say("each record once", "remove the duplicate") });
  });
  return issues;
}

/** Paths become rule expressions, which Cloudflare caps at 4,096 characters. */
function expressionLengthIssues(config: LaunchSettings): SchemaIssue[] {
  const tooLong = (expression: string) => expression.length > MAX_EXPRESSION_LENGTH;
  const allowed = (what: string) => say(`${what} that fit in one Cloudflare expression (${MAX_EXPRESSION_LENGTH} characters)`, "use fewer or shorter paths; * matches anything, so one pattern can replace many paths");
  const issues: SchemaIssue[] = [];
  config.rateLimits.forEach((r, i) => {
    if (tooLong(pathMatches(r.paths))) issues.push({ path: ["rateLimits", i, "paths"], message: allowed("paths") });
  });
  for (const rule of cacheRules(config.cache)) {
    const key = rule.ref === "cache_static_assets" ? "staticPaths" : "bypassPaths";
    if (tooLong(rule.expression)) issues.push({ path: ["cache", key], message: allowed(key === "staticPaths" ? "static paths" : "bypass paths") });
  }
  return issues;
}

/** The mail part of the cross-key checks: the SPF lookup budget, addresses that would bounce, names that would clash. */
function mailIssues(config: LaunchSettings): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const { email, domain } = config;

  const spf = planSpf(email.senders, email.spfIncludes);
  if (spf.total > SPF_LOOKUP_LIMIT) {
    issues.push({
      path: ["email", "senders"],
      message: say(
        `senders and spfIncludes that cost at most ${SPF_LOOKUP_LIMIT} DNS lookups together (RFC 7208 §4.6.4: past that receivers fail SPF outright); these cost ${lookupArithmetic(spf)}`,
        "drop a sender you no longer use, or send through it from a subdomain (such as news.<domain>) with its own SPF record",
      ),
    });
  }
  email.senders.forEach((id, i) => {
    if (email.senders.indexOf(id) !== i) issues.push({ path: ["email", "senders", i], message: say("each sender once", "remove the duplicate") });
  });
  const selectors = email.dkim.map((d) => d.selector);
  selectors.forEach((s, i) => {
    if (selectors.indexOf(s) !== i) issues.push({ path: ["email", "dkim", i, "selector"], message: say("each DKIM selector once", "remove the duplicate or correct the selector") });
  });
  // A key under a listed sender's fixed selector must be in a form that sender gives (a TXT key, or a CNAME to it).
  email.dkim.forEach((d, i) => {
    const id = email.senders.find((s) => (SENDERS[s] as Sender).dkimSelector?.test(d.selector) === true);
    if (id === undefined) return;
    const sender: Sender = SENDERS[id];
    if (isSendersDkimForm(sender, d.value)) return;
    issues.push({
      path: ["email", "dkim", i, "value"],
      message: say(`for ${sender.label}'s selector ${d.selector}, ${dkimFormsText(sender)}`, `copy the value from ${sender.dkimFrom}`),
    });
  });

  // Addresses that bounce: at the domain when it receives no mail, and at the SES MAIL FROM domain, whose MX only takes bounces.
  const mailFrom = `${email.mailFromSubdomain}.${domain}`;
  const whyUnreachable = (address: string): string | undefined => {
    const at = emailDomain(address);
    if (email.transactional === "ses" && at === mailFrom) return `${mailFrom} is the SES MAIL FROM domain, whose MX only takes bounces`;
    if (email.inbound === "none" && at === domain) return `${domain} receives no mail (email.inbound: none)`;
    return undefined;
  };
  const fix = "use an address at a domain that receives mail, or set email.inbound to your mail provider";
  const checkAddresses = (addresses: readonly string[], path: (string | number)[]) =>
    addresses.forEach((address, i) => {
      const why = whyUnreachable(address);
      if (why !== undefined) issues.push({ path: [...path, i], message: say(`an address that can receive mail: ${why}`, fix) });
    });
  checkAddresses(email.dmarc.rua, ["email", "dmarc", "rua"]);
  checkAddresses(config.monitoring.alertEmails, ["monitoring", "alertEmails"]);

  // The MAIL FROM domain carries SES's MX and SPF; mta-sts.<domain> serves the MTA-STS policy. Neither can be a host too.
  if (email.transactional === "ses" && (email.mailFromSubdomain in config.hosts || ["www", "mta-sts"].includes(email.mailFromSubdomain))) {
    issues.push({
      path: ["email", "mailFromSubdomain"],
      message: say(`a label no host uses: ${email.mailFromSubdomain}.${domain} is already a web host`, "pick another label such as bounce"),
    });
  }
  if (email.inbound !== "none" && "mta-sts" in config.hosts) {
    issues.push({
      path: ["hosts", "mta-sts"],
      message: say(`no mta-sts host: mta-sts.${domain} serves the MTA-STS policy while the domain receives mail`, "remove the mta-sts host"),
    });
  }
  return issues;
}

/** Fills the defaults that depend on other keys (plan-dependent rate limits, host-derived checks). */
export function completeSettings(raw: Raw): LaunchSettings {
  return {
    ...raw,
    cloudflare: { ...raw.cloudflare, zoneActive: raw.cloudflare.zoneActive ?? raw.cloudflare.existingZone },
    rateLimits: raw.rateLimits ?? defaultRateLimits(raw.cloudflare.plan, raw.authPaths),
    cache: {
      staticPaths: raw.cache.staticPaths ?? DEFAULT_STATIC_PATHS,
      bypassPaths: raw.cache.bypassPaths ?? defaultBypassPaths(raw.authPaths),
      edgeTtlSeconds: raw.cache.edgeTtlSeconds ?? Math.max(DEFAULT_EDGE_TTL_SECONDS, PLAN_QUOTAS[raw.cloudflare.plan].minEdgeTtlSeconds),
    },
    monitoring: completeMonitoring(raw),
  };
}

/** A flow that only checks an API's health runs often; page flows, which cost as much per run, less often. */
export const API_FLOW_EVERY_MINUTES = 5;
export const PAGE_FLOW_EVERY_MINUTES = 15;

function completeMonitoring(raw: Raw): MonitoringConfig {
  const { monitoring } = raw;
  const checks = monitoring.checks.length > 0 ? monitoring.checks : defaultChecks(raw.domain, raw.canonicalHost, raw.hosts, raw.authPaths.signIn[0]);
  // Without flows, the login page and the API health endpoint (the checks that name them) are the key flows.
  const flows: FlowConfig[] = monitoring.flows ?? checks.filter((c) => c.name === "login" || c.name === "api-health").map((c) => ({ name: c.name, steps: [{ url: c.url, ...(c.expect === undefined ? {} : { expect: c.expect }) }] }));
  const defaultOwner = monitoring.alertEmails[0] ?? "";
  return {
    ...monitoring,
    checks,
    flows: flows.map((f) => ({ ...f, everyMinutes: f.everyMinutes ?? (f.steps.every((s) => isApiHealthUrl(s.url)) ? API_FLOW_EVERY_MINUTES : PAGE_FLOW_EVERY_MINUTES) })),
    flowRegion: monitoring.flowRegion ?? raw.awsRegion,
    owners: {
      down: monitoring.owners.down ?? defaultOwner,
      errors: monitoring.owners.errors ?? defaultOwner,
      slow: monitoring.owners.slow ?? defaultOwner,
      edge: monitoring.owners.edge ?? defaultOwner,
      jobs: monitoring.owners.jobs ?? defaultOwner,
    },
  };
}

function isApiHealthUrl(value: string): boolean {
  const url = new URL(value);
  return keyPagesOf(url.hostname, `${url.pathname}${url.search}`).includes("api-health");
}

/** Problems only the raw values show: host labels that differ only by case (they would become one record). */
export function rawIssues(raw: Record<string, unknown>): SchemaIssue[] {
  const hosts = raw["hosts"];
  if (hosts === null || typeof hosts !== "object" || Array.isArray(hosts)) return [];
  const labels = Object.keys(hosts);
  return labels.flatMap((label, i) => {
    const first = labels.findIndex((l) => l.toLowerCase() === label.toLowerCase());
    if (first === i) return [];
    return [{ path: ["hosts", label], message: say(`each host once: "${label}" and "${labels[first] ?? ""}" differ only by case, and DNS names ignore case`, `keep one of them, in lowercase: ${label.toLowerCase()}`) }];
  });
}
