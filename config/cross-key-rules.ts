import { logActionAllowed, PLAN_QUOTAS } from "../lib/cloudflare-plans";
import { isDmarcRecord } from "../lib/dmarc";
import { emailDomain, fqdn, isAddressRecordType, isAtOrBelow } from "../lib/domain";
import { cacheRules, legacySourcePaths, redirectTarget, siteHosts } from "../lib/edge-rules";
import { edgePath, MAX_EXPRESSION_LENGTH, pathMatches } from "../lib/expressions";
import { MTA_STS_HOST, MTA_STS_NAMES } from "../lib/mta-sts";
import { dkimFormsText, isSendersDkimForm, SENDERS, type Sender } from "../lib/senders";
import { isSpfRecord, lookupArithmetic, planSpf, SPF_LOOKUP_LIMIT } from "../lib/spf";
import type { ExtraRecord } from "../lib/domain";
import { problem, type Problem } from "./problems";
import { CONTRACT_KEYS, type LaunchSettings } from "./schema";

/**
 * Checks across keys: mistakes no single key shows, and that would only show after launch. Each rule names what it
 * makes sure of and the keys it relates (dotted as in the stack file); its check returns the problems it finds, at
 * the key the user should change. The rules run in this order, so problems come out in it.
 */
export interface CrossKeyRule {
  name: string;
  keys: readonly string[];
  check(config: LaunchSettings, given: GivenKeys): Problem[];
}

/** What the stack file itself set, where a default would be checked differently: only given rate limits are checked against the plan's periods and actions. */
export interface GivenKeys {
  rateLimits: boolean;
}

/** One problem per repeated value after its first: `at(i)` is the path of entry i. */
function repeats(values: readonly string[], at: (i: number) => (string | number)[], allowed: string, fix: string): Problem[] {
  return values.flatMap((v, i) => (values.indexOf(v) === i ? [] : [problem(at(i), allowed, fix)]));
}

/** The label of the host that serves the site, and of the one that only redirects to it. */
const canonicalLabel = (config: LaunchSettings): string => (config.canonicalHost === "apex" ? "@" : "www");
const redirectOnlyLabel = (config: LaunchSettings): string => (config.canonicalHost === "apex" ? "www" : "@");

/**
 * True when a relative name repeats the domain: "app.example.com" (or "app.example") under example.com would publish
 * app.example.com.example.com.
 */
function repeatsDomain(name: string, domain: string): boolean {
  const labels = name.split(".");
  return isAtOrBelow(name, domain) || (labels.length > 1 && labels[labels.length - 1] === domain.split(".")[0]);
}

/** The names the stack publishes an address (A, AAAA, CNAME) for, fully qualified: redirects may only go there in the zone. */
function publishedHosts(config: LaunchSettings): Set<string> {
  const site = siteHosts(config.domain, config.canonicalHost);
  const names = [site.canonical, site.other, ...Object.keys(config.hosts).map((l) => fqdn(l, config.domain))];
  for (const r of config.records) if (isAddressRecordType(r.type)) names.push(fqdn(r.name, config.domain));
  return new Set(names);
}

/**
 * Legacy redirects: each source once, no destination that is itself redirected (a second hop, or a loop), and no
 * destination in this zone that the zone does not publish (visitors would get a DNS error).
 */
function redirectProblems(config: LaunchSettings): Problem[] {
  const found: Problem[] = [];
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
    if (first < i) found.push(problem(["redirects", i, "from"], `each from path once (redirects[${first}] already redirects it)`, "remove the duplicate"));
    const target = new URL(redirectTarget(site, r.to));
    if (isAtOrBelow(target.hostname, config.domain) && !published.has(target.hostname)) {
      found.push(
        problem(
          ["redirects", i, "to"],
          `a destination the zone publishes (${[...published].join(", ")}): ${target.hostname} has no record, so visitors would get a DNS error`,
          `add ${target.hostname.slice(0, -config.domain.length - 1) || "@"} to hosts, or redirect to a page that exists`,
        ),
      );
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
    found.push(
      problem(
        ["redirects", i, "to"],
        loops
          ? `a destination that is not redirected again: ${target.pathname} ${hop === i ? "is this redirect's own from path" : `is redirected by redirects[${hop}], which leads back here`}, a redirect loop that browsers stop with an error`
          : `a destination that is not itself redirected: redirects[${hop}] redirects ${target.pathname} again, so visitors would take two hops`,
        loops ? "point the redirects of the loop to the page that really holds the content (a path no redirect's from names), or remove one of them" : `point to the final destination (${final})`,
      ),
    );
  });
  return found;
}

/** Host labels: relative to the zone, and no CNAME to itself. */
function hostProblems(config: LaunchSettings): Problem[] {
  const found: Problem[] = [];
  for (const [label, record] of Object.entries(config.hosts)) {
    if (label !== "@" && repeatsDomain(label, config.domain)) {
      found.push(
        problem(
          ["hosts", label],
          `a label relative to ${config.domain} ("@", app, api, www): ${label} would publish ${fqdn(label, config.domain)}`,
          `write the label without the domain${isAtOrBelow(label, config.domain) ? `: ${label === config.domain ? "@" : label.slice(0, -config.domain.length - 1)}` : ""}`,
        ),
      );
    }
    if (record.type === "CNAME" && record.target.toLowerCase().replace(/\.$/, "") === fqdn(label, config.domain)) {
      found.push(problem(["hosts", label, "target"], `a CNAME target other than the record's own name (${fqdn(label, config.domain)}): a name that points to itself never resolves`, "point it to the host your app runs on, such as myapp.fly.dev"));
    }
  }
  return found;
}

/** Names whose records the template writes itself, relative to the zone, with the key that manages them. */
function managedNames(config: LaunchSettings): Map<string, string> {
  const { email } = config;
  const names = new Map<string, string>([["@", "hosts, email and CAA"], ["_dmarc", "email.dmarc"]]);
  if (email.transactional === "ses") names.set(email.mailFromSubdomain, "email.mailFromSubdomain (SES MAIL FROM)");
  if (email.inbound !== "none") for (const n of MTA_STS_NAMES) names.set(n, "email.inbound (MTA-STS and TLS-RPT)");
  for (const d of email.dkim) names.set(`${d.selector}._domainkey`, "email.dkim");
  for (const label of Object.keys(config.hosts)) names.set(label, "hosts");
  const other = redirectOnlyLabel(config);
  if (!(other in config.hosts)) names.set(other, "canonicalHost (the redirect-only record)");
  return names;
}

/**
 * Extra records: inside the zone, no CNAME beside another record (an apex CNAME is flattened by Cloudflare, so records
 * beside it are fine), no second SPF, DMARC or MX where the template writes them, each record once.
 */
function recordProblems(config: LaunchSettings): Problem[] {
  const found: Problem[] = [];
  const managed = managedNames(config);
  const { email } = config;
  const spfNames = new Set(["@", ...(email.transactional === "ses" ? [email.mailFromSubdomain] : [])]);
  const key = (r: ExtraRecord) => `${r.name} ${r.type} ${r.content}`;
  // Names that carry the site's address records: the hosts, and the redirect-only record of the non-canonical host.
  const isHost = (name: string) => name in config.hosts || name === redirectOnlyLabel(config);
  config.records.forEach((r, i) => {
    const at = (field?: string) => ["records", i, ...(field === undefined ? [] : [field])];
    const where = fqdn(r.name, config.domain);
    if (r.name !== "@" && repeatsDomain(r.name, config.domain)) {
      found.push(problem(at("name"), `a name relative to ${config.domain}: ${r.name} would publish ${where}`, "write the name without the domain, such as _acme-challenge.app"));
      return;
    }
    if (r.type === "TXT" && isSpfRecord(r.content) && spfNames.has(r.name)) {
      found.push(
        problem(
          at("content"),
          `no SPF record at ${where}: the template writes the one SPF record there (two SPF records make SPF fail, RFC 7208 §4.5)`,
          r.name === "@" ? "add the sender to email.senders, or its include domain to email.spfIncludes" : "pick another subdomain for this sender",
        ),
      );
    }
    if (r.type === "TXT" && isDmarcRecord(r.content) && r.name === "_dmarc") {
      found.push(problem(at("content"), "no DMARC record at _dmarc: the template writes it from email.dmarc", "set the policy in email.dmarc"));
    }
    if (r.type === "MX" && (r.name === "@" || (email.transactional === "ses" && r.name === email.mailFromSubdomain))) {
      found.push(
        problem(
          at("type"),
          `no MX at ${where}: the template writes it (${r.name === "@" ? "email.inbound" : "SES MAIL FROM"})`,
          r.name === "@" ? "set email.inbound to your mailbox provider" : "pick another subdomain for this sender",
        ),
      );
    }
    const managedBy = managed.get(r.name);
    const othersHere = config.records.filter((o, j) => j !== i && o.name === r.name);
    if (r.type === "CNAME" && (managedBy !== undefined || othersHere.length > 0)) {
      found.push(problem(at("type"), `a name with no other record: a CNAME must stand alone (RFC 1034 §3.6.2), and ${where} also has records from ${managedBy ?? "records"}`, "use another name, or drop the other records there"));
    } else if (isHost(r.name) && ["A", "AAAA"].includes(r.type)) {
      found.push(problem(at("name"), `a name that is not a host: ${where} is already published by ${managedBy ?? "hosts"}`, "change the host in hosts instead"));
    } else if (r.type !== "CNAME" && (othersHere.some((o) => o.type === "CNAME") || (r.name !== "@" && config.hosts[r.name]?.type === "CNAME"))) {
      found.push(problem(at("name"), `a name without a CNAME: ${where} is a CNAME, which must stand alone (RFC 1034 §3.6.2)`, "use another name"));
    }
    if (config.records.findIndex((o) => key(o) === key(r)) < i) found.push(problem(at(), "each record once", "remove the duplicate"));
  });
  return found;
}

/** Paths become rule expressions, which Cloudflare caps at 4,096 characters. */
function expressionLengthProblems(config: LaunchSettings): Problem[] {
  const tooLong = (expression: string) => expression.length > MAX_EXPRESSION_LENGTH;
  const tooMany = (path: (string | number)[], what: string) =>
    problem(path, `${what} that fit in one Cloudflare expression (${MAX_EXPRESSION_LENGTH} characters)`, "use fewer or shorter paths; * matches anything, so one pattern can replace many paths");
  const found: Problem[] = [];
  config.rateLimits.forEach((r, i) => {
    if (tooLong(pathMatches(r.paths))) found.push(tooMany(["rateLimits", i, "paths"], "paths"));
  });
  for (const rule of cacheRules(config.cache)) {
    const key = rule.ref === "cache_static_assets" ? "staticPaths" : "bypassPaths";
    if (tooLong(rule.expression)) found.push(tooMany(["cache", key], key === "staticPaths" ? "static paths" : "bypass paths"));
  }
  return found;
}

/** A key under a listed sender's fixed selector must be in a form that sender gives (a TXT key, or a CNAME to it). */
function senderDkimProblems(config: LaunchSettings): Problem[] {
  const { email } = config;
  return email.dkim.flatMap((d, i) => {
    const id = email.senders.find((s) => (SENDERS[s] as Sender).dkimSelector?.test(d.selector) === true);
    if (id === undefined) return [];
    const sender: Sender = SENDERS[id];
    if (isSendersDkimForm(sender, d.value)) return [];
    return [problem(["email", "dkim", i, "value"], `for ${sender.label}'s selector ${d.selector}, ${dkimFormsText(sender)}`, `copy the value from ${sender.dkimFrom}`)];
  });
}

/** Addresses that bounce: at the domain when it receives no mail, and at the SES MAIL FROM domain, whose MX only takes bounces. */
function unreachableAddressProblems(config: LaunchSettings): Problem[] {
  const { email, domain } = config;
  const mailFrom = `${email.mailFromSubdomain}.${domain}`;
  const whyUnreachable = (address: string): string | undefined => {
    const at = emailDomain(address);
    if (email.transactional === "ses" && at === mailFrom) return `${mailFrom} is the SES MAIL FROM domain, whose MX only takes bounces`;
    if (email.inbound === "none" && at === domain) return `${domain} receives no mail (email.inbound: none)`;
    return undefined;
  };
  const check = (addresses: readonly string[], path: (string | number)[]) =>
    addresses.flatMap((address, i) => {
      const why = whyUnreachable(address);
      return why === undefined ? [] : [problem([...path, i], `an address that can receive mail: ${why}`, "use an address at a domain that receives mail, or set email.inbound to your mail provider")];
    });
  return [...check(email.dmarc.rua, ["email", "dmarc", "rua"]), ...check(config.monitoring.alertEmails, ["monitoring", "alertEmails"])];
}

export const CROSS_KEY_RULES: readonly CrossKeyRule[] = [
  {
    // Enterprise is a contract Cloudflare puts on the zone; no API subscription buys it.
    name: "enterprise-only-on-an-existing-zone",
    keys: ["cloudflare.plan", "cloudflare.existingZone"],
    check: ({ cloudflare }) =>
      cloudflare.plan === "enterprise" && !cloudflare.existingZone
        ? [
            problem(
              ["cloudflare", "plan"],
              "free, pro or business for a zone this stack creates (an Enterprise plan is set on an existing zone by Cloudflare under contract)",
              "create the zone on pro or business, or adopt the Enterprise zone with cloudflare.existingZone: true",
            ),
          ]
        : [],
  },
  {
    name: "canonical-host-has-a-record",
    keys: ["canonicalHost", "hosts"],
    check: (config) => {
      const label = canonicalLabel(config);
      if (label in config.hosts) return [];
      return [problem(["hosts"], `a "${label}" entry: canonicalHost is ${config.canonicalHost}, so that host serves the site`, `add hosts: { "${label}": { type: CNAME, target: <your app's host> } }`)];
    },
  },
  {
    // The canonical redirect takes one Single Redirect rule; legacy redirects share the rest of the quota.
    name: "redirects-within-plan-quota",
    keys: ["redirects", "cloudflare.plan"],
    check: ({ redirects, cloudflare: { plan } }) => {
      const quota = PLAN_QUOTAS[plan];
      const room = quota.redirectRules - 1;
      if (redirects.length <= room) return [];
      return [
        problem(
          ["redirects"],
          `at most ${room} redirects on the ${plan} plan (${quota.redirectRules} redirect rules, one is the canonical-host redirect)`,
          "remove redirects, or move to a plan with more rules (cloudflare.plan)",
        ),
      ];
    },
  },
  { name: "redirects-reach-a-published-page-in-one-hop", keys: ["redirects", "hosts", "records", "canonicalHost", "domain"], check: redirectProblems },
  { name: "host-labels-relative-and-not-self-referencing", keys: ["hosts", "domain"], check: hostProblems },
  { name: "records-beside-the-template-records", keys: ["records", "hosts", "email", "canonicalHost", "domain"], check: recordProblems },
  {
    name: "rate-limits-within-plan-quota",
    keys: ["rateLimits", "cloudflare.plan"],
    check: ({ rateLimits, cloudflare: { plan } }) => {
      const { rateLimitRules } = PLAN_QUOTAS[plan];
      if (rateLimits.length <= rateLimitRules) return [];
      return [
        problem(
          ["rateLimits"],
          `at most ${rateLimitRules} rate-limit rule${rateLimitRules === 1 ? "" : "s"} on the ${plan} plan`,
          "merge the rules' paths into fewer rules, or move to a plan with more rules (cloudflare.plan)",
        ),
      ];
    },
  },
  {
    name: "rate-limit-periods-and-actions-on-plan",
    keys: ["rateLimits[].periodSeconds", "rateLimits[].action", "cloudflare.plan"],
    check: ({ rateLimits, cloudflare: { plan } }, given) => {
      if (!given.rateLimits) return [];
      const { rateLimitPeriods } = PLAN_QUOTAS[plan];
      return rateLimits.flatMap((r, i) => [
        ...(rateLimitPeriods.includes(r.periodSeconds) ? [] : [problem(["rateLimits", i, "periodSeconds"], `on the ${plan} plan, one of ${rateLimitPeriods.join(", ")} seconds`)]),
        ...(r.action === "log" && !logActionAllowed(plan) ? [problem(["rateLimits", i, "action"], "block, managed_challenge, js_challenge or challenge (log is Enterprise only)")] : []),
      ]);
    },
  },
  {
    name: "rate-limit-names-once",
    keys: ["rateLimits[].name"],
    check: ({ rateLimits }) => repeats(rateLimits.map((r) => r.name), (i) => ["rateLimits", i, "name"], "a name used once", "rename one of the rules"),
  },
  {
    name: "edge-ttl-at-least-plan-minimum",
    keys: ["cache.edgeTtlSeconds", "cloudflare.plan"],
    check: ({ cache, cloudflare: { plan } }) => {
      const { minEdgeTtlSeconds } = PLAN_QUOTAS[plan];
      return cache.edgeTtlSeconds < minEdgeTtlSeconds ? [problem(["cache", "edgeTtlSeconds"], `at least ${minEdgeTtlSeconds} seconds on the ${plan} plan (its minimum edge cache TTL)`)] : [];
    },
  },
  { name: "paths-fit-one-expression", keys: ["rateLimits[].paths", "cache.staticPaths", "cache.bypassPaths"], check: expressionLengthProblems },
  {
    name: "spf-within-lookup-limit",
    keys: ["email.senders", "email.spfIncludes"],
    check: ({ email }) => {
      const spf = planSpf(email.senders, email.spfIncludes);
      if (spf.total <= SPF_LOOKUP_LIMIT) return [];
      return [
        problem(
          ["email", "senders"],
          `senders and spfIncludes that cost at most ${SPF_LOOKUP_LIMIT} DNS lookups together (RFC 7208 §4.6.4: past that receivers fail SPF outright); these cost ${lookupArithmetic(spf)}`,
          "drop a sender you no longer use, or send through it from a subdomain (such as news.<domain>) with its own SPF record",
        ),
      ];
    },
  },
  {
    name: "senders-once",
    keys: ["email.senders"],
    check: ({ email }) => repeats(email.senders, (i) => ["email", "senders", i], "each sender once", "remove the duplicate"),
  },
  {
    name: "dkim-selectors-once",
    keys: ["email.dkim[].selector"],
    check: ({ email }) => repeats(email.dkim.map((d) => d.selector), (i) => ["email", "dkim", i, "selector"], "each DKIM selector once", "remove the duplicate or correct the selector"),
  },
  { name: "dkim-in-a-form-the-sender-gives", keys: ["email.dkim[].value", "email.senders"], check: senderDkimProblems },
  { name: "addresses-receive-mail", keys: ["email.dmarc.rua", "monitoring.alertEmails", "email.inbound", "email.transactional", "email.mailFromSubdomain"], check: unreachableAddressProblems },
  {
    // The MAIL FROM domain carries SES's MX and SPF; it cannot be a web host too.
    name: "mail-from-not-a-host",
    keys: ["email.mailFromSubdomain", "email.transactional", "hosts"],
    check: ({ email, hosts, domain }) =>
      email.transactional === "ses" && (email.mailFromSubdomain in hosts || ["www", MTA_STS_HOST].includes(email.mailFromSubdomain))
        ? [problem(["email", "mailFromSubdomain"], `a label no host uses: ${email.mailFromSubdomain}.${domain} is already a web host`, "pick another label such as bounce")]
        : [],
  },
  {
    // mta-sts.<domain> serves the MTA-STS policy while the domain receives mail.
    name: "mta-sts-not-a-host",
    keys: ["hosts", "email.inbound"],
    check: ({ email, hosts, domain }) =>
      email.inbound !== "none" && MTA_STS_HOST in hosts
        ? [problem(["hosts", MTA_STS_HOST], `no mta-sts host: mta-sts.${domain} serves the MTA-STS policy while the domain receives mail`, "remove the mta-sts host")]
        : [],
  },
  {
    name: "check-names-once",
    keys: ["monitoring.checks[].name"],
    check: ({ monitoring }) => repeats(monitoring.checks.map((c) => c.name), (i) => ["monitoring", "checks", i, "name"], "a name used once", "rename one of the checks"),
  },
  {
    name: "flow-names-once",
    keys: ["monitoring.flows[].name"],
    check: ({ monitoring }) => repeats(monitoring.flows.map((f) => f.name), (i) => ["monitoring", "flows", i, "name"], "a name used once", "rename one of the flows"),
  },
  {
    name: "job-names-once",
    keys: ["monitoring.jobs[].name"],
    check: ({ monitoring }) => repeats(monitoring.jobs.map((j) => j.name), (i) => ["monitoring", "jobs", i, "name"], "a name used once", "rename one of the jobs"),
  },
  {
    name: "cloudflare-webhook-needs-pro",
    keys: ["monitoring.slack.cloudflareWebhook", "cloudflare.plan"],
    check: ({ monitoring, cloudflare }) =>
      monitoring.slack?.cloudflareWebhook === true && cloudflare.plan === "free"
        ? [
            problem(
              ["monitoring", "slack", "cloudflareWebhook"],
              "false on the free plan: Cloudflare webhooks need a Pro (or higher) zone in the account",
              "set it to false (Cloudflare alerts still arrive by e-mail), or move the zone to Pro (cloudflare.plan)",
            ),
          ]
        : [],
  },
  {
    // One subscription per address: a second one for the same address would be the same SNS subscription.
    name: "alert-emails-once",
    keys: ["monitoring.alertEmails"],
    check: ({ monitoring }) => repeats(monitoring.alertEmails.map((a) => a.toLowerCase()), (i) => ["monitoring", "alertEmails", i], "each address once", "remove the duplicate"),
  },
  {
    name: "secret-names-once-and-not-config-keys",
    keys: ["secrets[].name"],
    check: ({ secrets }) => {
      const names = secrets.map((s) => s.name);
      return names.flatMap((n, i) => [
        ...(names.indexOf(n) === i ? [] : [problem(["secrets", i, "name"], "a name used once", "remove the duplicate")]),
        ...((CONTRACT_KEYS as readonly string[]).includes(n) ? [problem(["secrets", i, "name"], `a name that is not a config key (${CONTRACT_KEYS.join(", ")})`, "rename the secret")] : []),
      ]);
    },
  },
];

/** Every cross-key rule's problems, in the table's order. */
export function crossKeyProblems(config: LaunchSettings, given: GivenKeys): Problem[] {
  return CROSS_KEY_RULES.flatMap((rule) => rule.check(config, given));
}
