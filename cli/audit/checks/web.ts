// TLS, redirects, HSTS, security headers and latency of apex, www, app and api.
import tls from "node:tls";
import { ONE_YEAR_SECONDS, spanOf } from "../../../lib/durations";
import { defineCheck, describeError, errorFinding, PROBE_PATH, type AuditContext, type Check, type HostAddresses, type HostLabel } from "../context";
import { reporter, type Finding, type Problem } from "../types";
import { OBSOLETE_TLS_ONLY, WebError, type Chain, type TlsInfo, type WebResponse } from "../web";

const DAY_MS = 86_400_000;
/** hstspreload.org's limit on a redirect chain. */
const PRELOAD_MAX_REDIRECTS = 3;

const published = (host: HostAddresses) => host.v4.length + host.v6.length > 0;

/** Runs `body` only when the host has an address; otherwise `dns.<label>` already reports it. */
async function whenPublished(ctx: AuditContext, label: HostLabel, body: (name: string) => Promise<Finding[]>): Promise<Finding[]> {
  const host = await ctx.host(label);
  return published(host) ? body(host.name) : [];
}

/**
 * For checks that read HTTPS responses: a host that offers only TLS 1.0/1.1 gives none (browsers refuse it too),
 * and `tls.protocol.<label>` reports that as the one finding it is.
 */
async function unlessObsoleteTlsOnly(body: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof WebError && err.code === OBSOLETE_TLS_ONLY) return [];
    throw err;
  }
}

const whenServedOverHttps = (ctx: AuditContext, label: HostLabel, body: (name: string) => Promise<Finding[]>) =>
  unlessObsoleteTlsOnly(() => whenPublished(ctx, label, body));

function firstHop(chain: Chain): WebResponse {
  const first = chain.hops[0];
  if (!first) throw chain.error ?? new WebError("EWEB", "request", "no response");
  return first;
}

function finalHop(chain: Chain): WebResponse {
  if (!chain.final) throw chain.error ?? new WebError("EWEB", "request", "no response");
  return chain.final;
}

const CHAIN_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "chains to a root that browsers do not trust",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "does not chain to a trusted root (missing intermediate, or an untrusted CA)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "does not chain to a trusted root (missing intermediate, or an untrusted CA)",
  CERT_HAS_EXPIRED: "has expired",
  CERT_NOT_YET_VALID: "is not valid yet",
};

function issuerOf(info: TlsInfo): string {
  // @types/node 24 types a repeated attribute as an array of its values.
  const issuer = info.certificate.issuer;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return first(issuer?.O) ?? first(issuer?.CN) ?? "an unnamed issuer";
}

function chainFinding(label: HostLabel, name: string, info: TlsInfo): Finding {
  const report = reporter(`tls.chain.${label}`, "tls", "launch-stopping");
  if (info.authorized) return report.pass(`The certificate for ${name} chains to a trusted root (issued by ${issuerOf(info)}).`);
  const code = info.authorizationError ?? "unknown error";
  return report.fail(
    "launch-stopping",
    `The certificate for ${name} ${CHAIN_ERRORS[code] ?? "is not trusted"} (${code}): browsers show a security warning instead of the site.`,
    "Serve a certificate from a public CA with its full chain (on Cloudflare: SSL/TLS mode Full (strict) and an edge certificate that covers this name).",
  );
}

function hostnameFinding(label: HostLabel, name: string, info: TlsInfo): Finding {
  const report = reporter(`tls.hostname.${label}`, "tls", "launch-stopping");
  const mismatch = tls.checkServerIdentity(name, info.certificate);
  if (!mismatch) return report.pass(`The certificate covers ${name}.`);
  const names = info.certificate.subjectaltname?.replace(/DNS:/g, "") ?? info.certificate.subject?.CN ?? "no names";
  return report.fail(
    "launch-stopping",
    `The certificate served for ${name} does not cover that name (it is for ${names}): browsers refuse the connection.`,
    `Issue a certificate that lists ${name} (on Cloudflare the Universal certificate covers the apex and one level of subdomains when the record is proxied).`,
  );
}

function expiryFinding(label: HostLabel, name: string, info: TlsInfo, now: number): Finding {
  const report = reporter(`tls.expiry.${label}`, "tls", "launch-stopping");
  const validTo = Date.parse(info.certificate.valid_to);
  const validFrom = Date.parse(info.certificate.valid_from);
  const date = Number.isNaN(validTo) ? info.certificate.valid_to : new Date(validTo).toISOString().slice(0, 10);
  const days = Math.floor((validTo - now) / DAY_MS);
  const renew =
    "Renew the certificate now and fix automatic renewal (ACME clients renew 30 days ahead; on Cloudflare check for an expiring custom certificate, or a CAA record that blocks its CAs).";
  if (now < validFrom) {
    return report.fail(
      "launch-stopping",
      `The certificate for ${name} is not valid before ${new Date(validFrom).toISOString()}: browsers reject it.`,
      "Check the server's clock and the certificate's dates, and serve one that is valid now.",
    );
  }
  if (Number.isNaN(validTo) || days < 0) {
    return report.fail("launch-stopping", `The certificate for ${name} expired on ${date}.`, renew);
  }
  if (days <= 14) {
    return report.fail(
      "launch-stopping",
      `The certificate for ${name} expires in ${days} days (${date}): the site shows a security warning within two weeks, and a certificate this close to expiry means automatic renewal is not working.`,
      renew,
    );
  }
  if (days <= 30) {
    return report.warn(
      "high",
      `The certificate for ${name} expires in ${days} days (${date}); automatic renewal normally happens before 30 days remain.`,
      renew,
    );
  }
  return report.pass(`The certificate for ${name} is valid for ${days} more days (until ${date}).`);
}

async function protocolFinding(ctx: AuditContext, label: HostLabel, name: string, info: TlsInfo): Promise<Finding> {
  const report = reporter(`tls.protocol.${label}`, "tls", "high");
  if (info.protocol !== "TLSv1.3" && info.protocol !== "TLSv1.2") {
    // The handshake fell back to TLS 1.0/1.1 because the host offers nothing newer.
    const problem: Problem = {
      status: "fail",
      severity: "launch-stopping",
      text: `${name} offers only ${info.protocol ?? "an unknown protocol"}, no TLS 1.2 or 1.3: current browsers refuse TLS 1.0 and 1.1 (RFC 8996), so visitors get an error page instead of the site.`,
      fix: "Enable TLS 1.3 and 1.2 on the server or the edge, and set the minimum version to 1.2 (Cloudflare: SSL/TLS → Edge Certificates → Minimum TLS Version).",
    };
    return report.judge([problem], "");
  }
  const problems: Problem[] = [];
  let obsolete = "refuses TLS 1.0/1.1";
  try {
    if (await ctx.web.acceptsObsoleteTls(name)) {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `${name} still accepts TLS 1.0/1.1, which RFC 8996 deprecated.`,
        fix: "Set the minimum TLS version to 1.2 (Cloudflare: SSL/TLS → Edge Certificates → Minimum TLS Version).",
      });
    }
  } catch (err) {
    obsolete = `was not probed for TLS 1.0/1.1 (${describeError(err)})`;
  }
  return report.judge(problems, `${name} negotiates ${info.protocol} and ${obsolete}.`);
}

export function certificate(ctx: AuditContext, label: HostLabel): Check {
  const name = ctx.hostName(label);
  return defineCheck({ id: `tls.chain.${label}`, area: "tls", severity: "launch-stopping", what: `the HTTPS certificate of ${name}` }, () =>
    whenPublished(ctx, label, async () => {
      const info = await ctx.web.handshake(name);
      const now = Date.now();
      return [
        chainFinding(label, name, info),
        hostnameFinding(label, name, info),
        expiryFinding(label, name, info, now),
        await protocolFinding(ctx, label, name, info),
      ];
    }),
  );
}

const isTemporary = (status: number) => status === 302 || status === 303 || status === 307;
const keepsProbe = (url: URL) => `${url.pathname}${url.search}` === PROBE_PATH;

export function httpsRedirect(ctx: AuditContext, label: HostLabel): Check {
  const name = ctx.hostName(label);
  return defineCheck({ id: `http.https-redirect.${label}`, area: "http", severity: "high", what: `the HTTP to HTTPS redirect of ${name}` }, (report) =>
    whenServedOverHttps(ctx, label, async () => {
      const chain = await ctx.chain(`http://${name}${PROBE_PATH}`);
      const first = firstHop(chain);
      const fix = `Redirect every http://${name} URL with a 301 to the same https:// URL (Cloudflare: Always Use HTTPS).`;
      const location = first.location;
      if (!location) {
        return [
          report.fail(
            "high",
            `http://${name} answers ${first.status} over plain HTTP instead of redirecting to HTTPS: visitors who type the name (and old links) use an unencrypted connection.`,
            fix,
          ),
        ];
      }
      const problems: Problem[] = [];
      if (location.protocol !== "https:") {
        const reachesHttps = chain.hops.some((h) => h.url.protocol === "https:");
        problems.push(
          reachesHttps
            ? { status: "warn", severity: "low", text: `http://${name} first redirects to ${location.origin}, still plain HTTP.`, fix }
            : {
                status: "fail",
                severity: "high",
                text: `http://${name} redirects but never reaches HTTPS (it ends at ${chain.final?.url.href ?? location.href}).`,
                fix,
              },
        );
      } else if (location.hostname !== name) {
        problems.push({
          status: "warn",
          severity: "low",
          text: `http://${name} redirects straight to ${location.origin}, so browsers never get the HSTS header of https://${name} itself.`,
          fix: `Redirect http://${name} to https://${name} first, then to the canonical host.`,
        });
      }
      if (isTemporary(first.status)) {
        problems.push({
          status: "warn",
          severity: "low",
          text: `The redirect is temporary (${first.status}), so browsers and search engines do not remember it.`,
          fix: "Use 301 (or 308) for the HTTP to HTTPS redirect.",
        });
      }
      if (!keepsProbe(location)) {
        problems.push({
          status: "warn",
          severity: "medium",
          text: `It drops the path or query (${PROBE_PATH} → ${location.pathname}${location.search}), so old links land on the wrong page.`,
          fix: "Keep the path and query string in the redirect target.",
        });
      }
      return [report.judge(problems, `http://${name} redirects with ${first.status} to ${location.origin}, keeping the path and query.`)];
    }),
  );
}

interface HstsPolicy {
  maxAge?: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export function parseHsts(value: string): HstsPolicy {
  const policy: HstsPolicy = { includeSubDomains: false, preload: false };
  for (const directive of value.split(";").map((d) => d.trim().toLowerCase())) {
    const maxAge = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (maxAge) policy.maxAge = Number(maxAge[1]);
    else if (directive === "includesubdomains") policy.includeSubDomains = true;
    else if (directive === "preload") policy.preload = true;
  }
  return policy;
}

export function hsts(ctx: AuditContext, label: HostLabel): Check {
  const name = ctx.hostName(label);
  return defineCheck({ id: `http.hsts.${label}`, area: "http", severity: "high", what: `the HSTS header of https://${name}` }, (report) =>
    whenServedOverHttps(ctx, label, async () => {
      // Read on the first HTTPS response, before any redirect: that is the response browsers record it from.
      const first = firstHop(await ctx.chain(`https://${name}/`));
      const header = first.headers["strict-transport-security"];
      const fix =
        `Send \`Strict-Transport-Security: max-age=${ONE_YEAR_SECONDS}; includeSubDomains\` on every HTTPS response, redirects included (Cloudflare: SSL/TLS → Edge Certificates → HSTS). Start with a shorter max-age while subdomains move to HTTPS; add preload only as a deliberate choice.`;
      if (!header) {
        return [
          report.fail(
            "high",
            `https://${name} sends no Strict-Transport-Security header: browsers keep trying plain HTTP first, which an attacker on the network can intercept (SSL stripping).`,
            fix,
          ),
        ];
      }
      const policy = parseHsts(header);
      const problems: Problem[] = [];
      if (header.includes(",")) {
        problems.push({
          status: "warn",
          severity: "low",
          text: `https://${name} sends HSTS more than once (${header}); browsers use only the first.`,
          fix: "Send the header once.",
        });
      }
      if (policy.maxAge === undefined) {
        problems.push({
          status: "fail",
          severity: "high",
          text: `The HSTS header of https://${name} has no valid max-age (${header}), so browsers ignore it.`,
          fix,
        });
      } else if (policy.maxAge === 0) {
        problems.push({ status: "fail", severity: "high", text: `https://${name} sends HSTS max-age=0, which tells browsers to forget HSTS.`, fix });
      } else if (policy.maxAge < ONE_YEAR_SECONDS) {
        problems.push({
          status: "warn",
          severity: "medium",
          text: `The HSTS max-age of https://${name} is ${spanOf(policy.maxAge)} (max-age=${policy.maxAge}); one year is the usual minimum once every subdomain serves HTTPS.`,
          fix: `Raise max-age step by step to ${ONE_YEAR_SECONDS} (one year).`,
        });
      }
      const extras = `${policy.includeSubDomains ? "; includeSubDomains" : "; without includeSubDomains"}${policy.preload ? "; preload (a one-way door: leaving browser preload lists takes months)" : ""}`;
      return [report.judge(problems, `https://${name} sends HSTS max-age=${policy.maxAge}${extras}.`)];
    }),
  );
}

const UNSAFE_REFERRER_POLICIES = new Set(["unsafe-url", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin"]);

export function securityHeaders(ctx: AuditContext, label: HostLabel): Check {
  const name = ctx.hostName(label);
  return defineCheck({ id: `http.headers.${label}`, area: "http", severity: "low", what: `the security headers of https://${name}` }, (report) =>
    whenServedOverHttps(ctx, label, async () => {
      const final = finalHop(await ctx.chain(`https://${name}/`));
      // A host that redirects elsewhere is judged at its destination.
      if (final.url.hostname !== name) return [];
      const headers = final.headers;
      const csp = String(headers["content-security-policy"] ?? "");
      const missing: string[] = [];
      if (
        String(headers["x-content-type-options"] ?? "")
          .trim()
          .toLowerCase() !== "nosniff"
      )
        missing.push("X-Content-Type-Options: nosniff");
      if (!/^\s*(deny|sameorigin)\s*$/i.test(String(headers["x-frame-options"] ?? "")) && !/frame-ancestors/i.test(csp)) {
        missing.push("X-Frame-Options (or CSP frame-ancestors)");
      }
      if (csp === "") missing.push("Content-Security-Policy");
      const referrer =
        String(headers["referrer-policy"] ?? "")
          .split(",")
          .pop()
          ?.trim()
          .toLowerCase() ?? "";
      if (UNSAFE_REFERRER_POLICIES.has(referrer)) missing.push(`a safe Referrer-Policy (it is ${referrer})`);
      const problems: Problem[] =
        missing.length === 0
          ? []
          : [
              {
                status: "warn",
                severity: "low",
                text: `https://${name}/ lacks ${missing.join(", ")}: browsers get no help against clickjacking, MIME sniffing or injected scripts.`,
                fix: "Send from the app or an edge rule: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (or CSP `frame-ancestors 'none'`), `Referrer-Policy: strict-origin-when-cross-origin`, and a Content-Security-Policy (start with Content-Security-Policy-Report-Only).",
              },
            ];
      return [report.judge(problems, `https://${name}/ sends X-Content-Type-Options, frame protection and a Content-Security-Policy.`)];
    }),
  );
}

export function canonicalHost(ctx: AuditContext): Check {
  return defineCheck({ id: "http.canonical", area: "http", severity: "medium", what: `the www/apex canonical redirect of ${ctx.domain}` }, (report) =>
    unlessObsoleteTlsOnly(async () => {
      const hosts = await Promise.all([ctx.host("apex"), ctx.host("www")]);
      if (!hosts.every(published)) return []; // dns.apex or dns.www reports the missing one
      const finals = await Promise.all(hosts.map(async (h) => finalHop(await ctx.chain(`https://${h.name}/`))));
      const destinations = [...new Set(finals.map((f) => f.url.hostname))];
      if (destinations.length > 1) {
        return [
          report.fail(
            "medium",
            `https://${hosts[0]!.name}/ and https://${hosts[1]!.name}/ both serve pages (ending at ${destinations.join(" and ")}) instead of one redirecting to the other: search engines split the site's ranking between two copies, and logins do not carry over.`,
            "Pick one canonical host (the template's canonicalHost) and 301-redirect the other to it, keeping path and query.",
          ),
        ];
      }
      const canonical = destinations[0]!;
      const problems: Problem[] = [];
      const routes: string[] = [];
      for (const host of hosts.filter((h) => h.name !== canonical)) {
        for (const scheme of ["https", "http"] as const) {
          const start = `${scheme}://${host.name}${PROBE_PATH}`;
          const chain = await ctx.chain(start);
          const final = finalHop(chain);
          const redirects = chain.hops.length - 1;
          routes.push(`${scheme}://${host.name} in ${redirects}`);
          const fix = `Redirect ${host.name} to https://${canonical} with one 301 that keeps the path and query.`;
          if (final.url.hostname !== canonical) {
            problems.push({
              status: "fail",
              severity: "medium",
              text: `${start} ends at ${final.url.origin}, not at the canonical https://${canonical}.`,
              fix,
            });
          } else if (!keepsProbe(final.url)) {
            problems.push({
              status: "fail",
              severity: "medium",
              text: `${start} lands on ${final.url.href}: the path or query is dropped, so deep links and campaign parameters break.`,
              fix,
            });
          }
          // One hop from HTTPS; two from HTTP (to HTTPS on the same host first, as HSTS preloading asks).
          const enough = scheme === "https" ? 1 : 2;
          if (redirects > PRELOAD_MAX_REDIRECTS) {
            problems.push({
              status: "warn",
              severity: "low",
              text: `${start} takes ${redirects} redirects (more than ${PRELOAD_MAX_REDIRECTS} fails HSTS preloading and slows every first visit).`,
              fix,
            });
          } else if (redirects > enough) {
            problems.push({ status: "warn", severity: "low", text: `${start} takes ${redirects} redirects where ${enough} would do.`, fix });
          }
          const temporary = chain.hops.filter((h) => h.location && h.location.hostname !== h.url.hostname && isTemporary(h.status));
          if (temporary.length > 0) {
            problems.push({
              status: "warn",
              severity: "low",
              text: `${start} uses a temporary redirect (${temporary.map((h) => h.status).join(", ")}) to change host, so search engines keep both hosts.`,
              fix: "Use 301 (or 308) for the canonical-host redirect.",
            });
          }
        }
      }
      return [report.judge(problems, `${routes.join(" and ")} redirect(s) reach the canonical https://${canonical}, keeping path and query.`)];
    }),
  );
}

/** Nearest-rank percentile. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function latency(ctx: AuditContext, label: HostLabel): Check {
  const name = ctx.hostName(label);
  const id = `perf.latency.${label}`;
  const { latencyBudgetMs: budget, latencySamples: count } = ctx.options;
  return defineCheck({ id, area: "performance", severity: "medium", what: `the response time of https://${name}` }, (report) =>
    whenServedOverHttps(ctx, label, async () => {
      const final = finalHop(await ctx.chain(`https://${name}/`));
      if (final.url.hostname !== name) return []; // measured where it redirects to
      const samples: number[] = [];
      const failures: unknown[] = [];
      // One request at a time, each on a new connection: what a first visit costs (TCP, TLS, first byte).
      for (let i = 0; i < count; i++) {
        try {
          samples.push((await ctx.web.request(final.url)).elapsedMs);
        } catch (err) {
          failures.push(err);
        }
      }
      if (samples.length === 0) return [errorFinding(id, "performance", "medium", `the response time of ${final.url.href}`, failures[0], ctx)];
      const p50 = Math.round(percentile(samples, 50));
      const p95 = Math.round(percentile(samples, 95));
      const problems: Problem[] = [];
      if (p95 > budget) {
        problems.push({
          status: "warn",
          severity: "medium",
          text: `${final.url.href} answers in p50 ${p50} ms, p95 ${p95} ms: the p95 is over the ${budget} ms budget.`,
          fix: "Cache what can be cached at the edge, and look at the origin's slowest requests; raise --latency-budget-ms only if the budget is wrong.",
        });
      }
      if (failures.length > 0) {
        problems.push({
          status: "warn",
          severity: "medium",
          text: `${failures.length} of ${count} requests to ${final.url.href} failed (${describeError(failures[0])}).`,
          fix: "Look at the origin's error logs and the edge's error rate for this host.",
        });
      }
      return [
        report.judge(
          problems,
          `${final.url.href} answers in p50 ${p50} ms, p95 ${p95} ms over ${samples.length} requests, each on a new connection (budget ${budget} ms).`,
        ),
      ];
    }),
  );
}
