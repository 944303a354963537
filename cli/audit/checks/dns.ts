// Delegation, host resolution, CAA and DNSSEC (the chain from the registrar's DS, and the signatures of every
// record set of the zone the audit reads).
import type * as dnsPacket from "dns-packet";
import { getDomain, getPublicSuffix } from "tldts";
import { defineCheck, HOST_LABELS, type AuditContext, type Check, type HostLabel } from "../context";
import { normalizeName, type Answered, type DnsResponse } from "../dns";
import { canDigest, dsMatches, keyTag, verifyRrset, type SignatureVerdict } from "../dnssec";
import type { Finding, Problem, Reporter, Severity } from "../types";

export const nameServers = (ctx: AuditContext): Check =>
  defineCheck({ id: "dns.ns", area: "dns", severity: "launch-stopping", what: `the name servers of ${ctx.domain}` }, async (report) => {
    const lookup = await ctx.dns.lookup(ctx.domain, "NS");
    if (lookup.rcode === "NXDOMAIN") {
      return [
        report.fail(
          "launch-stopping",
          `${ctx.domain} does not exist in DNS: it is not registered, or the registrar does not delegate it to any name server.`,
          "Register the domain, or set your DNS provider's name servers (Cloudflare shows two) at the registrar.",
        ),
      ];
    }
    const servers = lookup.records.flatMap((r) => (r.type === "NS" ? [normalizeName(r.data)] : []));
    if (servers.length === 0 && getDomain(ctx.domain) !== ctx.domain) {
      return [report.pass(`${ctx.domain} exists and is served from its parent's zone (it has no NS records of its own).`)];
    }
    if (servers.length === 0) {
      return [
        report.fail(
          "launch-stopping",
          `${ctx.domain} has no NS records: no name server serves the zone, so nothing under it resolves reliably.`,
          "Create the zone at your DNS provider and set its name servers at the registrar.",
        ),
      ];
    }
    const problems: Problem[] = [];
    // A name server without an address is a lame delegation.
    const lame = await ctx.dns.withoutAddress(servers);
    if (lame.length > 0) {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `Name server ${lame.join(", ")} of ${ctx.domain} has no address: resolvers that pick it time out.`,
        fix: "Remove that name server from the delegation at the registrar, or give it an address.",
      });
    }
    if (servers.length < 2) {
      problems.push({
        status: "warn",
        severity: "medium",
        text: `${ctx.domain} has a single name server (${servers[0]}): if it fails, the site and mail go dark.`,
        fix: "Delegate to at least two name servers (Cloudflare assigns two per zone).",
      });
    }
    return [report.judge(problems, `${ctx.domain} is served by ${servers.length} name servers: ${servers.join(", ")}.`)];
  });

const HOST_SEVERITY: Record<HostLabel, Severity> = { apex: "launch-stopping", www: "high", app: "info", api: "info" };

export function hostResolution(ctx: AuditContext, label: HostLabel): Check {
  return defineCheck({ id: `dns.${label}`, area: "dns", severity: HOST_SEVERITY[label], what: `the addresses of ${ctx.hostName(label)}` }, async (report) => {
    const host = await ctx.host(label);
    const addresses = [...host.v4, ...host.v6];
    if (addresses.length > 0) {
      const via = host.cnames.length > 0 ? ` via ${host.cnames.join(" → ")}` : "";
      const ipv6 = host.v6.length > 0 ? "" : " (no IPv6 address)";
      return [report.pass(`${host.name} resolves${via} to ${addresses.join(", ")}${ipv6}.`)];
    }
    switch (label) {
      case "apex":
        return [
          report.fail(
            "launch-stopping",
            `${host.name} has no A or AAAA record: the site cannot be reached at its own name.`,
            `Publish an A/AAAA record (or a flattened CNAME) for ${host.name} pointing at the site.`,
          ),
        ];
      case "www":
        return [
          report.fail(
            "high",
            `${host.name} does not resolve: visitors and links that use www get an error instead of the site.`,
            `Publish ${host.name} (a proxied CNAME to ${ctx.domain} is enough) and redirect it to the canonical host.`,
          ),
        ];
      default:
        return [report.pass(`${host.name} is not published: nothing to check there (publish it if you serve an ${label} host).`)];
    }
  });
}

/** The names whose CAA RRset applies to the domain (RFC 8659 §3), up to the registrable domain. */
function caaNames(domain: string): string[] {
  const suffix = getPublicSuffix(domain) ?? "";
  const labels = domain.split(".");
  const names: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const name = labels.slice(i).join(".");
    if (name === suffix) break;
    names.push(name);
  }
  return names;
}

const KNOWN_CAA_TAGS = new Set(["issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail", "contactphone"]);

export const caa = (ctx: AuditContext): Check =>
  defineCheck({ id: "dns.caa", area: "dns", severity: "high", what: `the CAA records of ${ctx.domain}` }, async (report) => {
    for (const name of caaNames(ctx.domain)) {
      const lookup = await ctx.dns.lookup(name, "CAA");
      const records = lookup.records.flatMap((r) => (r.type === "CAA" ? [r.data] : []));
      if (records.length > 0) return [judgeCaa(report, name, records)];
    }
    return [
      report.warn(
        "low",
        `No CAA record for ${ctx.domain}: any certificate authority may issue certificates for it.`,
        'Publish CAA records naming only the CAs you use, e.g. `0 issue "letsencrypt.org"` (on Cloudflare, also the CAs its Universal SSL uses).',
      ),
    ];
  });

function judgeCaa(report: Reporter, name: string, records: dnsPacket.CaaData[]): Finding {
  const critical = records.filter((r) => ((r.flags ?? 0) & 128) !== 0 && !KNOWN_CAA_TAGS.has(r.tag.toLowerCase()));
  if (critical.length > 0) {
    return report.fail(
      "high",
      `CAA at ${name} has a critical tag no CA understands (${critical.map((r) => r.tag).join(", ")}): every CA must refuse to issue, so certificate renewals will fail.`,
      "Remove the critical flag (128) from that CAA record or remove the record.",
    );
  }
  const issue = records.filter((r) => r.tag.toLowerCase() === "issue" || r.tag.toLowerCase() === "issuewild");
  if (issue.length === 0) {
    return report.warn(
      "low",
      `CAA at ${name} has no issue tag, so it does not restrict which CA may issue.`,
      'Add `0 issue "<your CA>"` records for each CA you use.',
    );
  }
  const allowed = [...new Set(issue.map((r) => r.value.split(";")[0]!.trim()).filter((v) => v !== ""))];
  if (allowed.length === 0) {
    return report.fail(
      "high",
      `CAA at ${name} allows no CA at all (issue ";"): certificates cannot be issued or renewed.`,
      'Add `0 issue "<your CA>"` for the CA that issues your certificates.',
    );
  }
  return report.pass(`CAA at ${name} limits issuance to ${allowed.join(", ")}.`);
}

const inZone = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

const REASON_TEXT: Record<Exclude<SignatureVerdict, { valid: true }>["reason"], (sig?: dnsPacket.RrsigData) => string> = {
  unsigned: () => "no signature",
  expired: (sig) => `signature expired ${sig ? new Date(sig.expiration * 1000).toISOString() : ""}`.trim(),
  "not-yet-valid": (sig) => `signature not valid before ${sig ? new Date(sig.inception * 1000).toISOString() : ""}`.trim(),
  "no-key": (sig) => `signed by key tag ${sig?.keyTag ?? "?"}, which is not in the zone's DNSKEY set`,
  unsupported: (sig) => `signed with algorithm ${sig?.algorithm ?? "?"}, which this audit cannot verify`,
  "bad-signature": () => "the signature does not match the records",
};

const rdataKey = (record: dnsPacket.Answer) => ("data" in record ? JSON.stringify(record.data) : "");

interface ZoneRrset {
  label: string;
  rrset: dnsPacket.Answer[];
  sigs: dnsPacket.RrsigData[];
  /**
   * Whether a missing signature is a fault here: at the apex, or where the resolver refused the answer. Below
   * the apex an unsigned set may belong to an unsigned child zone, which validating resolvers accept.
   */
  mustBeSigned: boolean;
}

/** The RRsets (with their signatures) of the zone `zone` in the answers the client has read so far. */
function zoneRrsets(answered: readonly Answered[], zone: string): ZoneRrset[] {
  const sets = new Map<string, ZoneRrset>();
  for (const { response } of answered) {
    for (const record of response.answers) {
      const name = normalizeName(record.name);
      if (!inZone(name, zone)) continue;
      const type = record.type === "RRSIG" ? record.data.typeCovered : record.type;
      const key = `${type} ${name}`;
      const entry = sets.get(key) ?? { label: key, rrset: [], sigs: [], mustBeSigned: name === zone };
      entry.mustBeSigned ||= response.validationFailed;
      sets.set(key, entry);
      // The same RRset comes back in several answers (a CNAME in the A and the AAAA answer): keep one copy.
      if (record.type === "RRSIG") {
        if (!entry.sigs.some((s) => s.signature.equals(record.data.signature))) entry.sigs.push(record.data);
      } else if (!entry.rrset.some((r) => rdataKey(r) === rdataKey(record))) {
        entry.rrset.push(record);
      }
    }
  }
  // Data a signed child zone signs is that zone's to answer for; an NS set below the apex is a delegation (unsigned).
  return [...sets.values()].filter(
    (s) =>
      s.rrset.length > 0 &&
      s.sigs.every((sig) => normalizeName(sig.signersName) === zone) &&
      !(s.rrset[0]!.type === "NS" && normalizeName(s.rrset[0]!.name) !== zone) &&
      s.rrset[0]!.type !== "DS",
  );
}

export const dnssec = (ctx: AuditContext): Check =>
  defineCheck({ id: "dns.dnssec", area: "dns", severity: "launch-stopping", what: `DNSSEC for ${ctx.domain}` }, async (report) => {
    const owner = ctx.domain;
    const [keyResponse, dsResponse] = await Promise.all([ctx.dns.query(owner, "DNSKEY"), ctx.dns.query(owner, "DS")]);
    const own = (a: dnsPacket.Answer) => normalizeName(a.name) === owner;
    const keyRecords = keyResponse.answers.filter((a) => a.type === "DNSKEY" && own(a));
    const keys = keyRecords.flatMap((a) => (a.type === "DNSKEY" ? [a.data] : []));
    const keySignatures = keyResponse.answers.flatMap((a) => (a.type === "RRSIG" && own(a) && a.data.typeCovered === "DNSKEY" ? [a.data] : []));
    const delegations = dsResponse.answers.flatMap((a) => (a.type === "DS" && own(a) ? [a.data] : []));
    const resolver = `${ctx.dns.server.host}:${ctx.dns.server.port}`;
    const refusedBy = (responses: DnsResponse[]) =>
      responses.some((r) => r.validationFailed) ? ` The resolver (${resolver}) agrees: it validates DNSSEC and answers SERVFAIL for ${owner}.` : "";

    if (keys.length === 0 && delegations.length === 0) {
      return [
        report.warn(
          "medium",
          `${owner} is not signed with DNSSEC: resolvers cannot tell forged answers from real ones.`,
          "Enable DNSSEC at your DNS provider, then publish the DS record it gives you at your registrar.",
        ),
      ];
    }
    if (keys.length === 0) {
      return [
        report.fail(
          "launch-stopping",
          `The registrar publishes a DS record for ${owner} but the zone has no DNSSEC keys: validating resolvers (used by a large share of visitors) cannot resolve the site or deliver mail.${refusedBy([keyResponse])}`,
          "Remove the DS record at the registrar now, or turn DNSSEC signing back on with the key that DS names.",
        ),
      ];
    }
    if (delegations.length === 0) {
      return [
        report.warn(
          "medium",
          `${owner} is signed (${keys.length} DNSKEY) but no DS record is published at the registrar, so DNSSEC is not in effect.`,
          "Add the DS record (the plan's dnssecDsRecord output, or the one your DNS provider shows) at your registrar.",
        ),
      ];
    }
    const checkable = delegations.filter((ds) => canDigest(ds.digestType));
    const matching = checkable.filter((ds) => keys.some((key) => dsMatches(owner, ds, key)));
    if (checkable.length > 0 && matching.length === 0) {
      const zoneTags = keys.map(keyTag);
      const sameTag = checkable.filter((ds) => zoneTags.includes(ds.keyTag));
      const mismatch =
        sameTag.length > 0
          ? `The DS record at the registrar names key tag ${sameTag.map((d) => d.keyTag).join(", ")}, as the zone's key does, but its digest does not match that key (it was made from another key with the same tag, or copied wrong)`
          : `The DS record at the registrar (key tag ${checkable.map((d) => d.keyTag).join(", ")}) matches none of the zone's keys (key tag ${zoneTags.join(", ")})`;
      return [
        report.fail(
          "launch-stopping",
          `${mismatch}: validating resolvers reject every answer for ${owner} (SERVFAIL).${refusedBy([keyResponse])}`,
          "Replace the DS record at the registrar with the one for the zone's current key signing key.",
        ),
      ];
    }
    const now = Math.floor(Date.now() / 1000);
    // The chain enters the zone at the keys the DS names: one of them must sign the DNSKEY set.
    const entryKeys =
      matching.length > 0
        ? keys.filter((key) => matching.some((ds) => dsMatches(owner, ds, key)))
        : keys.filter((key) => delegations.some((ds) => ds.keyTag === keyTag(key)));
    const keySet = verifyRrset(keyRecords, keySignatures, entryKeys, now);
    if (!keySet.valid) {
      return [
        report.fail(
          "launch-stopping",
          `The DNSKEY set of ${owner} does not validate from the DS at the registrar (${REASON_TEXT[keySet.reason](keySet.sig)}): validating resolvers reject every answer for the domain.${refusedBy([keyResponse])}`,
          "Have the DNS provider re-sign the zone (check that its signing is on and its clock is right), and make sure the DS at the registrar names its current key signing key.",
        ),
      ];
    }

    // Verify every RRset of the zone the audit reads: wait for the lookups of the domain's own names that the
    // other checks start with (shared, so nothing is asked twice), then until the other checks' lookups that
    // follow from them are answered too (at most one query timeout more), and check all the zone's answers.
    await Promise.allSettled([
      ...HOST_LABELS.map((label) => ctx.host(label)),
      ...(["TXT", "MX", "CAA", "NS"] as const).map((type) => ctx.dns.query(owner, type)),
      ctx.dns.query(`_dmarc.${owner}`, "TXT"),
    ]);
    await ctx.dns.idle(ctx.options.timeoutMs);
    const answered = ctx.dns.answered();
    const rrsets = zoneRrsets(answered, owner).filter((s) => s.rrset[0]!.type !== "DNSKEY");
    const bad = rrsets.flatMap((s) => {
      const verdict = verifyRrset(s.rrset, s.sigs, keys, now);
      if (verdict.valid || (verdict.reason === "unsigned" && !s.mustBeSigned)) return [];
      return [`${s.label} (${REASON_TEXT[verdict.reason](verdict.sig)})`];
    });
    const refused = answered.filter((a) => a.response.validationFailed && inZone(a.name, owner));
    if (bad.length > 0) {
      return [
        report.fail(
          "launch-stopping",
          `The DNSKEY set of ${owner} is signed, but ${bad.length} of the ${rrsets.length} other record sets the audit read do not validate: ${bad.join("; ")}. Validating resolvers refuse those answers (SERVFAIL), so visitors behind them cannot reach what they name.${refusedBy(refused.map((a) => a.response))}`,
          "Have the DNS provider re-sign the zone (check that its signing is on, its clock is right and its signatures are refreshed before they expire).",
        ),
      ];
    }
    if (refused.length > 0) {
      return [
        report.fail(
          "launch-stopping",
          `The resolver (${resolver}) validates DNSSEC and refuses ${refused.map((a) => `${a.type} ${a.name}`).join(", ")} (SERVFAIL; it answers only with checking disabled), though the records the audit verified are correctly signed: the chain of trust above ${owner} is broken, or a denial of existence does not validate.`,
          "Check the DS at the registrar and the parent zone's signatures (dnsviz.net shows the whole chain), then run the audit again.",
        ),
      ];
    }
    const validated = keyResponse.authenticated && keyResponse.recursionAvailable ? "; the resolver validated it" : "";
    const chain =
      matching.length > 0
        ? `the DS at the registrar matches key tag ${matching.map((d) => d.keyTag).join(", ")}`
        : `the registrar publishes DS key tag ${delegations.map((d) => d.keyTag).join(", ")} (a digest type this audit cannot check)`;
    return [
      report.pass(
        `${owner} is signed and ${chain}; the signatures of the DNSKEY set and of the ${rrsets.length} other record sets the audit read verify${validated}.`,
      ),
    ];
  });
