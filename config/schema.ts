import { ONE_YEAR_SECONDS } from "../lib/durations";
import { z } from "zod";
import { CLOUDFLARE_PLANS, RATE_LIMIT_ACTIONS, type CloudflarePlan } from "../lib/cloudflare-plans";
import { DMARC_POLICIES } from "../lib/dmarc";
import { ADDRESS_RECORD_TYPES, isAddressRecordType, isDnsLabel, isDnsName, isHostname, isIPv4, isIPv6, registrableProblem, toAsciiDomain, toAsciiEmail, unroutableRange } from "../lib/domain";
import { INBOUND_PRESETS } from "../lib/mail-presets";
import { isDkimKey, isSenderId, SENDER_IDS } from "../lib/senders";
import { SPF_ALL_ENDINGS } from "../lib/spf";
import { HALF_YEAR_SECONDS, HSTS_RAMP_MIN_SECONDS } from "../lib/zone-settings";
import { DEFAULTS } from "./defaults";
import { allowing, issueAllowing, problem, type Problem } from "./problems";

/**
 * The config contract of design.md as one zod schema: parse, apply the defaults of config/defaults.ts, normalise
 * (lowercase, punycode) and say what is allowed. Every key carries its `description` (and a basic type its `form`,
 * how the value is written), from which config/reference.ts builds the README's table. Each message is what is
 * allowed; a check whose fix is more than "correct the key" carries it in `params` (config/problems.ts).
 * Checks across keys are in config/cross-key-rules.ts.
 */

declare module "zod" {
  interface GlobalMeta {
    /** How the user writes a value of this type in the stack file, such as "URL path" or "whole number of seconds". */
    form?: string;
  }
}

function strictObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (i) => (i.code === "unrecognized_keys" ? `only these keys: ${known}` : undefined),
  });
}

const wholeNumber = (min: number, max: number, unit: string) => {
  const allowed = `a whole number of ${unit} from ${min} to ${max}`;
  return z
    .number({ error: allowed })
    .int({ error: allowed })
    .min(min, { error: allowed })
    .max(max, { error: allowed })
    .meta({ form: `whole number${unit === "" ? "" : ` of ${unit}`}, ${min} to ${max}` });
};

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.join(", ")}` });

const bool = z.boolean({ error: "true or false" });

const domainName = z
  .string({ error: "a domain name such as example.com" })
  .transform((value, ctx) => {
    const ascii = toAsciiDomain(value);
    if (ascii === undefined || !isHostname(ascii)) {
      ctx.addIssue({ code: "custom", message: "a domain name such as example.com: letters, digits and hyphens in dot-separated labels, no spaces" });
      return z.NEVER;
    }
    return ascii;
  })
  .meta({ form: "domain name" });

/** The zone's domain: a name someone can register, not a public suffix (co.uk) nor a subdomain (app.example.com). */
const registrableDomain = domainName.superRefine((ascii, ctx) => {
  const why = registrableProblem(ascii);
  if (why !== undefined) {
    ctx.addIssue(issueAllowing(`a registrable domain such as example.com or example.co.uk; by the public suffix list, ${why}`, "put the domain you bought at the registrar here; subdomains go in hosts"));
  }
});

const emailAddress = z
  .string({ error: "an e-mail address such as ops@example.com" })
  .transform((value, ctx) => {
    const address = toAsciiEmail(value);
    if (address === undefined) {
      ctx.addIssue({ code: "custom", message: "an e-mail address such as ops@example.com (a mailto: prefix is accepted)" });
      return z.NEVER;
    }
    return address;
  })
  .meta({ form: "e-mail address" });

/** The longest path a rule matches; longer ones are a mistake (a pasted URL, a token). */
const MAX_PATH_LENGTH = 1024;

// Rules match the path only: a query (?) or fragment (#) in a path would never match anything.
const urlPath = z
  .string({ error: 'a URL path starting with "/", such as /pricing' })
  .refine((p) => /^\/[^\s"\\?#]*$/.test(p) && p.length <= MAX_PATH_LENGTH, {
    error: `a URL path starting with "/", without spaces, quotes, backslashes, ? or #, at most ${MAX_PATH_LENGTH} characters`,
  })
  .meta({ form: "URL path (* matches anything)" });

/** A legacy URL is one exact path: redirects match it with and without its trailing slash. */
const exactPath = urlPath
  .refine((p) => !p.includes("*"), { error: "one exact path such as /old-page (no *: each legacy URL gets its own redirect)" })
  .meta({ form: "URL path" });

const label = z
  .string({ error: "a name of letters, digits and hyphens" })
  .regex(/^[a-z][a-z0-9-]{0,62}$/, { error: "a lowercase name of letters, digits and hyphens, starting with a letter, at most 63 characters" })
  .meta({ form: "name (a-z, 0-9, -)" });

/** Dot-separated DNS labels, such as app or eu.api. */
const isDnsLabels = (name: string): boolean => name.split(".").every(isDnsLabel);

const hostLabel = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine((v) => v === "@" || isDnsLabels(v), { error: '"@" for the apex or a label such as app, api or www (not the full domain)' })
  .meta({ form: 'host label ("@", app, www)' });

function isHttpsUrl(value: string): boolean {
  if (/[\s"\\]/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && isHostname(url.hostname);
  } catch {
    return false;
  }
}

/** The AWS region name pattern (eu-west-1, us-gov-west-1). */
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const hostRecord = strictObject({
  type: oneOf(ADDRESS_RECORD_TYPES).meta({ description: "the record type: A or AAAA for an address, CNAME for a host name" }),
  target: z
    .string({ error: "an IPv4 address (A), an IPv6 address (AAAA) or a host name (CNAME)" })
    .trim()
    .meta({ form: "address or host name", description: "where the host runs: the server's public address, or the platform's host name (myapp.fly.dev)" }),
  proxied: bool.default(DEFAULTS["hosts.<label>.proxied"].value).meta({ description: "whether traffic goes through Cloudflare's edge" }),
}).superRefine((record, ctx) => {
  const valid = record.type === "A" ? isIPv4(record.target) : record.type === "AAAA" ? isIPv6(record.target) : isHostname(record.target);
  if (!valid) {
    const what = { A: "an IPv4 address such as 203.0.113.10", AAAA: "an IPv6 address such as 2001:db8::10", CNAME: "a host name such as app.example.net" }[record.type];
    ctx.addIssue({ code: "custom", path: ["target"], message: `for a ${record.type} record, ${what}` });
    return;
  }
  // A DNS-only record may name a private address on purpose (a VPN host); a proxied one never works.
  const range = record.type === "CNAME" || !record.proxied ? undefined : unroutableRange(record.target);
  if (range !== undefined) {
    ctx.addIssue(
      issueAllowing(
        `a public address for a proxied record: ${record.target} is in a ${range} range, which Cloudflare's edge cannot reach`,
        "use the server's public address (the one the host's dashboard shows), or a CNAME to the host's name",
        ["target"],
      ),
    );
  }
});

const redirect = strictObject({
  from: exactPath.meta({ description: "the old page's path; it is matched with and without its trailing slash" }),
  to: z
    .string({ error: "a path starting with / or an https:// URL" })
    .refine((to) => /^\/[^\s"\\]*$/.test(to) || isHttpsUrl(to), { error: 'a path starting with "/" or an https:// URL, without spaces, quotes or backslashes' })
    .meta({ form: "URL path or https:// URL", description: "where the old page moved: a path on the canonical host or a full https:// URL" }),
  status: z
    .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], { error: "one of 301, 302, 303, 307, 308 (301 for moved pages)" })
    .default(DEFAULTS["redirects[].status"].value)
    .meta({ description: "the HTTP status of the redirect" }),
});

const hsts = strictObject({
  maxAgeSeconds: wholeNumber(0, 2 * ONE_YEAR_SECONDS, "seconds")
    .default(DEFAULTS["hsts.maxAgeSeconds"].value)
    .meta({ description: "how long browsers keep to HTTPS after a visit (max-age); under six months only with rampStage" }),
  includeSubdomains: bool.default(DEFAULTS["hsts.includeSubdomains"].value).meta({ description: "whether the HSTS header covers every subdomain (includeSubDomains)" }),
  preload: bool.default(DEFAULTS["hsts.preload"].value).meta({ description: "adds the preload directive, the consent the browsers' HTTPS-only preload list requires; needs includeSubdomains and a year" }),
  rampStage: bool.default(DEFAULTS["hsts.rampStage"].value).meta({ description: "marks a max-age from 300 s to under a year as a deliberate step of the ramp to a year" }),
}).superRefine((value, ctx) => {
  if (value.maxAgeSeconds < HALF_YEAR_SECONDS && !value.rampStage) {
    ctx.addIssue(
      issueAllowing(
        `at least ${HALF_YEAR_SECONDS} seconds (six months; ${ONE_YEAR_SECONDS} is one year), unless this is a deliberate step of the HSTS ramp`,
        `set maxAgeSeconds: ${ONE_YEAR_SECONDS}, or, while ramping up on purpose, add rampStage: true (and raise maxAgeSeconds step by step)`,
        ["maxAgeSeconds"],
      ),
    );
  }
  if (value.rampStage && (value.maxAgeSeconds < HSTS_RAMP_MIN_SECONDS || value.maxAgeSeconds >= ONE_YEAR_SECONDS)) {
    ctx.addIssue(
      issueAllowing(
        `rampStage only with a maxAgeSeconds from ${HSTS_RAMP_MIN_SECONDS} (five minutes: 0 switches HSTS off) to under ${ONE_YEAR_SECONDS} (one year ends the ramp)`,
        value.maxAgeSeconds >= ONE_YEAR_SECONDS ? "remove rampStage: the ramp is done" : `set maxAgeSeconds to at least ${HSTS_RAMP_MIN_SECONDS}`,
        ["rampStage"],
      ),
    );
  }
  if (value.preload && (!value.includeSubdomains || value.maxAgeSeconds < ONE_YEAR_SECONDS)) {
    ctx.addIssue(
      issueAllowing(
        `preload only with includeSubdomains: true and maxAgeSeconds of at least ${ONE_YEAR_SECONDS} (the preload list's entry rules)`,
        `set includeSubdomains: true and maxAgeSeconds: ${ONE_YEAR_SECONDS}, or drop preload`,
        ["preload"],
      ),
    );
  }
});

const dkimRecord = strictObject({
  selector: z
    .string({ error: "a DKIM selector such as s1 or google" })
    .refine((s) => isDnsLabels(s.toLowerCase()), { error: "a DKIM selector such as s1 or google (letters, digits, hyphens, dots)" })
    .transform((s) => s.toLowerCase())
    .meta({ form: "DKIM selector", description: "the selector the sender signs with; the record is published at <selector>._domainkey" }),
  value: z
    .string({ error: "the sender's DKIM TXT value (v=DKIM1; k=rsa; p=...) or the CNAME target it gives" })
    .trim()
    .refine((v) => isDkimKey(v) || isDnsName(v.toLowerCase()), {
      error: "the sender's DKIM TXT value (v=DKIM1; k=rsa; p=...) or the host name its CNAME points to",
    })
    .meta({ form: "DKIM TXT value or host name", description: "the key (published as TXT) or the host name the sender's CNAME points to, as the sender gives it" }),
});

const email = strictObject({
  transactional: oneOf(["ses", "none"])
    .default(DEFAULTS["email.transactional"].value)
    .meta({ description: "who sends the app's own mail: Amazon SES, or none" }),
  mailFromSubdomain: z
    .string({ error: "one DNS label such as mail or bounce" })
    .transform((s) => s.toLowerCase())
    .refine(isDnsLabel, { error: "one DNS label such as mail or bounce" })
    .default(DEFAULTS["email.mailFromSubdomain"].value)
    .meta({ form: "DNS label", description: "the subdomain SES uses as MAIL FROM (its bounces and SPF), so SPF aligns for DMARC" }),
  inbound: oneOf(INBOUND_PRESETS).default(DEFAULTS["email.inbound"].value).meta({ description: "where the domain's incoming mail goes: the provider's MX set, or a null MX" }),
  senders: z
    .array(
      z.string({ error: `a sender id: ${SENDER_IDS.join(", ")}` }).refine(
        isSenderId,
        allowing(`a known sender id: ${SENDER_IDS.join(", ")}`, "use one of these ids, or put the sender's SPF include domain in email.spfIncludes"),
      ),
      { error: `a list of sender ids: ${SENDER_IDS.join(", ")}` },
    )
    .default(DEFAULTS["email.senders"].value)
    .meta({ form: `list of sender ids (${SENDER_IDS.join(", ")})`, description: "other services that send as the domain: each adds its SPF include and its DKIM instructions" }),
  spfIncludes: z
    .array(domainName, { error: "a list of SPF include domains such as spf.example.net" })
    .default(DEFAULTS["email.spfIncludes"].value)
    .meta({ description: "SPF include domains of senders the catalog does not know" }),
  // How the apex SPF ends: -all (fail) by default; ~all (softfail) while a forgotten sender may still exist. Never +all/?all.
  spfAll: z
    .enum(SPF_ALL_ENDINGS, { error: "-all or ~all (+all and ?all let anyone send as the domain)" })
    .default(DEFAULTS["email.spfAll"].value)
    .meta({ description: "how the apex SPF record ends: -all fails unlisted servers, ~all only marks them while a forgotten sender may remain" }),
  dkim: z
    .array(dkimRecord, { error: "a list of { selector, value }" })
    .default(DEFAULTS["email.dkim"].value)
    .meta({ description: "DKIM records the senders give (SES's own are derived)" }),
  dmarc: strictObject({
    policy: oneOf(DMARC_POLICIES).default(DEFAULTS["email.dmarc.policy"].value).meta({ description: "what receivers do with mail that fails DMARC (p=)" }),
    rua: z
      .array(emailAddress, { error: "a list of e-mail addresses for aggregate reports" })
      .default(DEFAULTS["email.dmarc.rua"].value)
      .meta({ description: "who receives the aggregate reports (rua=); an address at another domain needs that domain's authorization record (the plan says which)" }),
    testing: bool.default(DEFAULTS["email.dmarc.testing"].value).meta({ description: "test mode (t=y): receivers apply the policy one step softer, while moving to a stricter one" }),
  })
    .prefault({})
    .meta({ description: "the DMARC record at _dmarc.<domain>" }),
});

const rateLimit = strictObject({
  name: label.meta({ description: "the rule's name, used once" }),
  paths: z
    .array(urlPath, { error: "a list of URL paths" })
    .min(1, { error: "at least one URL path" })
    .meta({ description: "the paths the rule counts requests on" }),
  requestsPerPeriod: wholeNumber(1, 1_000_000, "requests").meta({ description: "how many requests one IP address may make per period (counted per Cloudflare data center)" }),
  periodSeconds: wholeNumber(10, 3600, "seconds").meta({ description: "the counting period; each plan offers its own periods" }),
  action: oneOf(RATE_LIMIT_ACTIONS)
    .default(DEFAULTS["rateLimits[].action"].value)
    .meta({ description: "what happens to requests over the limit; log is Enterprise only" }),
});

const cache = strictObject({
  staticPaths: z
    .array(urlPath, { error: "a list of URL paths; * matches anything" })
    .optional()
    .meta({ description: "paths cached at the edge for edgeTtlSeconds" }),
  bypassPaths: z
    .array(urlPath, { error: "a list of URL paths; * matches anything" })
    .optional()
    .meta({ description: "paths never cached (app, API, auth and account pages)" }),
  edgeTtlSeconds: wholeNumber(1, ONE_YEAR_SECONDS, "seconds").optional().meta({ description: "how long the edge keeps a static file; at least the plan's minimum" }),
});

/** Route 53 sends at most 255 characters of resource path, and searches for at most 255 characters of text. */
const ROUTE53_MAX_CHARACTERS = 255;

/** What a Route 53 HTTPS check can reach: port 443, no credentials in the URL, a resource path of at most 255 characters. */
function isCheckableUrl(value: string): boolean {
  const url = new URL(value);
  return url.port === "" && url.username === "" && url.password === "" && `${url.pathname}${url.search}`.length <= ROUTE53_MAX_CHARACTERS;
}

const check = strictObject({
  name: label.meta({ description: "the check's name, used once; home, login and api-health are the key pages" }),
  url: z
    .string({ error: "an https:// URL" })
    .refine(isHttpsUrl, {
      ...allowing("an https:// URL of a public host, such as https://app.example.com/login", "Route 53 checks run over HTTPS with SNI; use https://"),
      abort: true,
    })
    .refine(
      isCheckableUrl,
      allowing(
        `an https:// URL on the default port 443, without a user name or password, whose path and query fit in ${ROUTE53_MAX_CHARACTERS} characters`,
        `Route 53 checks connect to port 443 and send at most ${ROUTE53_MAX_CHARACTERS} characters of path; check a URL the public reaches that way`,
      ),
    )
    .meta({ form: "https:// URL", description: "the page Route 53 requests from three regions every 30 seconds" }),
  expect: z
    .string({ error: "text the response body must contain" })
    .min(1, { error: `1 to ${ROUTE53_MAX_CHARACTERS} characters the response body must contain` })
    .max(ROUTE53_MAX_CHARACTERS, { error: `1 to ${ROUTE53_MAX_CHARACTERS} characters the response body must contain (Route 53 searches the first 5,120 bytes)` })
    .optional()
    .meta({ description: "text the response must contain, so an error page that answers 200 still fails" }),
});

/** Who answers an alert: a person or team as AWS tag values allow it (it goes into tags and alarm descriptions). */
const owner = z
  .string({ error: "a person or team, such as ops@example.com or Platform team" })
  .regex(/^[\p{L}\p{N} _.:/=+\-@]{1,128}$/u, {
    error: "1 to 128 letters, digits, spaces or _ . : / = + - @ (what AWS tag values accept), such as ops@example.com",
  })
  .meta({ form: "person or team" });

const flowStep = strictObject({
  url: z
    .string({ error: "an https:// URL" })
    .refine(
      isHttpsUrl,
      allowing("an https:// URL of a public host, such as https://app.example.com/login", "the canary requests it like a visitor's browser; use https://"),
    )
    .meta({ form: "https:// URL", description: "the page the canary requests at this step" }),
  expect: z
    .string({ error: "text the page must contain" })
    .min(1, { error: `1 to ${ROUTE53_MAX_CHARACTERS} characters the page must contain` })
    .max(ROUTE53_MAX_CHARACTERS, { error: `1 to ${ROUTE53_MAX_CHARACTERS} characters the page must contain` })
    .optional()
    .meta({ description: "text that proves the step worked" }),
});

/** A key flow a canary walks like a visitor: its pages in order, and the text that proves each one works. */
const flow = strictObject({
  name: label.meta({ description: "the flow's name, used once" }),
  steps: z
    .array(flowStep, { error: "a list of { url, expect? }" })
    .min(1, { error: "1 to 5 steps" })
    .refine((steps) => steps.length <= 5, allowing("1 to 5 steps", "split the flow in two"))
    .meta({ description: "the pages of the flow, in order" }),
  everyMinutes: wholeNumber(1, 60, "minutes").optional().meta({ description: "how often the canary walks the flow" }),
  owner: owner.optional().meta({ description: "who answers this flow's alerts" }),
});

const slack = strictObject({
  workspaceId: z
    .string({ error: "the Slack workspace id, such as T07EA123LEP" })
    .refine(
      (v) => /^T[A-Z0-9]{8,}$/.test(v),
      allowing("the Slack workspace id: T then capital letters and digits, such as T07EA123LEP", "copy it from the AWS Chatbot console after authorising the workspace"),
    )
    .meta({ form: "Slack workspace id", description: "the workspace AWS Chatbot is authorised in" }),
  channelId: z
    .string({ error: "the Slack channel id, such as C07EZ1ABC23" })
    .refine(
      (v) => /^[CG][A-Z0-9]{8,}$/.test(v),
      allowing("the Slack channel id: C (or G) then capital letters and digits, such as C07EZ1ABC23", "Slack: channel name → View channel details → Channel ID"),
    )
    .meta({ form: "Slack channel id", description: "the channel every alert is posted to" }),
  cloudflareWebhook: bool
    .default(DEFAULTS["monitoring.slack.cloudflareWebhook"].value)
    .meta({ description: "also posts Cloudflare's own alerts through the secret slackWebhookUrl (Pro or higher)" }),
});

/** A scheduled job that must check in after every successful run (its heartbeat). */
const job = strictObject({
  name: label.meta({ description: "the job's name, used once; the job sends its heartbeat under it" }),
  everyMinutes: wholeNumber(1, 720, "minutes").meta({ description: "how often the job runs; a heartbeat missing for two runs alarms" }),
  owner: owner.optional().meta({ description: "who answers a missed heartbeat" }),
});

const ownerOf = (kind: string) => owner.optional().meta({ description: `who answers ${kind} alerts` });

const monitoring = strictObject({
  alertEmails: z
    .array(emailAddress, { error: "a list of e-mail addresses that receive alerts" })
    .refine((addresses) => addresses.length >= 1, allowing("at least one e-mail address", 'add one: alertEmails: ["ops@example.com"]'))
    .meta({ description: "who receives every alert (each address confirms its subscription once)" }),
  latencyBudgetMs: wholeNumber(1, 60_000, "milliseconds")
    .default(DEFAULTS["monitoring.latencyBudgetMs"].value)
    .meta({ description: "the response time above which pages and flows alarm as slow" }),
  checks: z
    .array(check, { error: "a list of { name, url, expect? }" })
    .default(DEFAULTS["monitoring.checks"].value)
    .meta({ description: "Route 53 uptime checks, each with a down and a latency alarm" }),
  flows: z
    .array(flow, { error: "a list of { name, steps: [{ url, expect? }], everyMinutes?, owner? }" })
    .optional()
    .meta({ description: "key flows a CloudWatch Synthetics canary walks like a visitor" }),
  flowRegion: z
    .string()
    .regex(AWS_REGION, { error: "the AWS region nearest the customers, such as eu-west-1" })
    .optional()
    .meta({ form: "AWS region", description: "where the canaries run: the region nearest the customers" }),
  errorRatePercent: wholeNumber(1, 100, "percent")
    .default(DEFAULTS["monitoring.errorRatePercent"].value)
    .meta({ description: "the share of failed flow requests that alarms" }),
  owners: strictObject({ down: ownerOf("down"), errors: ownerOf("error-rate"), slow: ownerOf("slow"), edge: ownerOf("edge (Cloudflare)"), jobs: ownerOf("missed-heartbeat") })
    .prefault({})
    .meta({ description: "who answers each kind of alert (tags and alarm descriptions name them)" }),
  slack: slack.optional().meta({ description: "posts every alert to a Slack channel through AWS Chatbot" }),
  errorTracking: bool
    .default(DEFAULTS["monitoring.errorTracking"].value)
    .meta({ description: "the app reports exceptions to an error tracker whose DSN is the stack secret errorTrackerDsn" }),
  jobs: z
    .array(job, { error: "a list of { name, everyMinutes, owner? }" })
    .default(DEFAULTS["monitoring.jobs"].value)
    .meta({ description: "scheduled jobs, each with a heartbeat alarm in flowRegion" }),
});

/** The stack's own sign-in, password-reset and sign-up pages (any language); rate limits, cache and checks read them. */
const authPathList = (example: string) =>
  z.array(urlPath, { error: `a list of URL paths such as ${example}; * matches anything` }).min(1, { error: `at least one URL path such as ${example}` });
const authPaths = strictObject({
  signIn: authPathList("/login").default(DEFAULTS["authPaths.signIn"].value).meta({ description: "the sign-in pages; the first is the login check's page" }),
  passwordReset: authPathList("/password-reset").default(DEFAULTS["authPaths.passwordReset"].value).meta({ description: "the password-reset pages" }),
  signUp: authPathList("/signup").default(DEFAULTS["authPaths.signUp"].value).meta({ description: "the sign-up pages" }),
});

const RECORD_TYPES = [...ADDRESS_RECORD_TYPES, "TXT", "MX"] as const;
/** The longest TXT content config accepts (a 4096-bit DKIM key fits); Cloudflare's own cap is 4,096 bytes of wire format per record. */
const MAX_TXT_CONTENT = 2048;

/** A record the template does not derive: verification TXT, _acme-challenge, a sender's own MX and SPF on a subdomain. */
const extraRecord = strictObject({
  name: z
    .string({ error: '"@" or a name relative to the zone, such as _acme-challenge.app or send' })
    .transform((v) => v.toLowerCase().replace(/\.$/, ""))
    .refine((v) => v === "@" || isDnsName(`${v}.zone`), {
      error: '"@" or a name relative to the zone, such as _acme-challenge.app or send (letters, digits, hyphens, underscores)',
    })
    .meta({ form: 'name relative to the zone ("@", _vercel, send)', description: "the record's name, without the domain" }),
  type: oneOf(RECORD_TYPES).meta({ description: "the record type" }),
  content: z
    .string({ error: "the record's value" })
    .trim()
    .min(1, { error: "the record's value" })
    .meta({ form: "text", description: "the record's value as the service gives it" }),
  priority: wholeNumber(0, 65535, "").optional().meta({ description: "the MX preference (MX only)" }),
  proxied: bool.default(DEFAULTS["records[].proxied"].value).meta({ description: "whether an A, AAAA or CNAME record goes through Cloudflare's edge" }),
}).superRefine((record, ctx) => {
  const content = record.type === "CNAME" || record.type === "MX" ? record.content.toLowerCase().replace(/\.$/, "") : record.content;
  const valid = { A: isIPv4, AAAA: isIPv6, CNAME: isDnsName, MX: isDnsName, TXT: (v: string) => v.length <= MAX_TXT_CONTENT }[record.type](content);
  if (!valid) {
    const what = { A: "an IPv4 address", AAAA: "an IPv6 address", CNAME: "a host name", MX: "a mail server's host name", TXT: `text of at most ${MAX_TXT_CONTENT} characters` }[record.type];
    ctx.addIssue({ code: "custom", path: ["content"], message: `for a ${record.type} record, ${what}` });
  }
  if ((record.type === "MX") !== (record.priority !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["priority"], message: record.type === "MX" ? "a priority for an MX record, such as 10" : "no priority: only MX records have one" });
  }
  if (record.proxied && !isAddressRecordType(record.type)) {
    ctx.addIssue({ code: "custom", path: ["proxied"], message: "proxied only on A, AAAA or CNAME records" });
  }
});

const secret = strictObject({
  name: z
    .string({ error: "a name of letters, digits and underscores" })
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, { error: "a name starting with a letter, then letters, digits or underscores, at most 63 characters" })
    .meta({ form: "name (letters, digits, _)", description: "the secret's name; a configured value comes from the secret config key of this name" }),
  generate: bool.default(DEFAULTS["secrets[].generate"].value).meta({ description: "the stack generates a random value instead of reading one" }),
});

/** The contract's keys in the launch-ready: namespace. */
const contract = {
  domain: registrableDomain.meta({ description: "the registrable domain the stack serves (the zone); Unicode accepted, published as punycode" }),
  canonicalHost: oneOf(["apex", "www"])
    .default(DEFAULTS.canonicalHost.value)
    .meta({ description: "which host serves the site; the other 301-redirects to it, path and query kept" }),
  cloudflare: strictObject({
    accountId: z
      .string({ error: "the 32-character Cloudflare account id (dashboard → Account home → Account ID)" })
      .regex(/^[0-9a-f]{32}$/i, { error: "the 32-character hexadecimal Cloudflare account id" })
      .transform((s) => s.toLowerCase())
      .meta({ form: "32 hexadecimal characters", description: "the Cloudflare account that holds the zone (dashboard → Account home → Account ID)" }),
    plan: oneOf(CLOUDFLARE_PLANS)
      .default(DEFAULTS["cloudflare.plan"].value)
      .meta({ description: "the zone's Cloudflare plan: it decides the rule quotas; pro and business are bought for a created zone" }),
    existingZone: bool.default(DEFAULTS["cloudflare.existingZone"].value).meta({ description: "adopts a zone that already exists in the account instead of creating it" }),
    // Whether Cloudflare shows the zone Active (the registrar delegates to it). What needs an active zone waits for it.
    zoneActive: bool.optional().meta({ description: "whether Cloudflare shows the zone Active (the registrar delegates to it); what needs an active zone waits for it" }),
  }).meta({ description: "the Cloudflare account, plan and zone" }),
  hosts: z
    .record(hostLabel, hostRecord, { error: 'a map of host labels ("@", app, api, www) to { type, target, proxied }' })
    .default(DEFAULTS.hosts.value)
    .meta({ description: 'the site\'s hosts: "@" is the apex; the non-canonical one of "@" and www is implied' }),
  redirects: z
    .array(redirect, { error: "a list of { from, to, status }" })
    .default(DEFAULTS.redirects.value)
    .meta({ description: "legacy URLs that moved, each a Single Redirect rule" }),
  hsts: hsts.prefault({}).meta({ description: "the HSTS header the edge sends (Strict-Transport-Security), with nosniff" }),
  email: email.prefault({}).meta({ description: "the domain's mail: SES sending, inbound MX, SPF, DKIM and DMARC" }),
  rateLimits: z
    .array(rateLimit, { error: "a list of { name, paths, requestsPerPeriod, periodSeconds, action }" })
    .optional()
    .meta({ description: "Cloudflare rate-limit rules; giving them replaces the defaults" }),
  cache: cache.prefault({}).meta({ description: "the edge cache rules" }),
  monitoring: monitoring.meta({ description: "uptime checks, key flows, scheduled jobs and who is alerted" }),
  secrets: z
    .array(secret, { error: "a list of { name, generate }" })
    .default(DEFAULTS.secrets.value)
    .meta({ description: "the app's secrets, each in AWS Secrets Manager" }),
  authPaths: authPaths.prefault({}).meta({ description: "the app's own auth pages, in its language; default rate limits, cache bypass and the login check are built from them" }),
  records: z
    .array(extraRecord, { error: "a list of { name, type, content, priority?, proxied? }" })
    .default(DEFAULTS.records.value)
    .meta({ description: "records the template does not derive: verification TXT, _acme-challenge, a sender's own MX and SPF on a subdomain" }),
};

export const rawSchema = strictObject({
  ...contract,
  awsRegion: z
    .string()
    .refine((v) => AWS_REGION.test(v), allowing("an AWS region such as eu-west-1", "pulumi config set aws:region eu-west-1"))
    .default(DEFAULTS.awsRegion.value)
    .meta({ form: "AWS region", description: "the AWS region of the stack's resources (the aws provider's own key)" }),
});

/** The keys of the contract in the launch-ready: namespace (aws:region is the provider's). */
export const CONTRACT_KEYS = Object.keys(contract) as (keyof typeof contract)[];

export type Raw = z.output<typeof rawSchema>;
export type Plan = CloudflarePlan;
export type Redirect = Raw["redirects"][number];
export type RateLimit = z.output<typeof rateLimit>;
export type UptimeCheck = z.output<typeof check>;
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

/** Problems only the raw values show: host labels that differ only by case (they would become one record). */
export function hostCaseProblems(raw: Record<string, unknown>): Problem[] {
  const hosts = raw["hosts"];
  if (hosts === null || typeof hosts !== "object" || Array.isArray(hosts)) return [];
  const labels = Object.keys(hosts);
  return labels.flatMap((label, i) => {
    const first = labels.findIndex((l) => l.toLowerCase() === label.toLowerCase());
    if (first === i) return [];
    return [problem(["hosts", label], `each host once: "${label}" and "${labels[first] ?? ""}" differ only by case, and DNS names ignore case`, `keep one of them, in lowercase: ${label.toLowerCase()}`)];
  });
}
