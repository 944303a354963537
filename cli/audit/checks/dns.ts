// Delegation, host resolution, CAA and DNSSEC.
import { createHash } from "node:crypto";
import type * as dnsPacket from "dns-packet";
import { getDomain, getPublicSuffix } from "tldts";
import { HOST_LABELS, type AuditContext, type Check, type HostLabel } from "../context";
import { normalizeName } from "../dns";
import { judge, pass, type Finding, type Problem, type Severity } from "../types";

export const nameServers = (ctx: AuditContext): Check => ({
  id: "dns.ns",
  area: "dns",
  severity: "launch-stopping",
  what: `the name servers of ${ctx.domain}`,
  async run() {
    const id = "dns.ns";
    const lookup = await ctx.dns.lookup(ctx.domain, "NS");
    if (lookup.rcode === "NXDOMAIN") {
      return [
        {
          id,
          area: "dns",
          status: "fail",
          severity: "launch-stopping",
          summary: `${ctx.domain} does not exist in DNS: it is not registered, or the registrar does not delegate it to any name server.`,
          fix: "Register the domain, or set your DNS provider's name servers (Cloudflare shows two) at the registrar.",
        },
      ];
    }
    const servers = lookup.records.flatMap((r) => (r.type === "NS" ? [normalizeName(r.data)] : []));
    if (servers.length === 0 && getDomain(ctx.domain) !== ctx.domain) {
      return [pass(id, "dns", "launch-stopping", `${ctx.domain} exists and is served from its parent's zone (it has no NS records of its own).`)];
    }
    if (servers.length === 0) {
      return [
        {
          id,
          area: "dns",
          status: "fail",
          severity: "launch-stopping",
          summary: `${ctx.domain} has no NS records: no name server serves the zone, so nothing under it resolves reliably.`,
          fix: "Create the zone at your DNS provider and set its name servers at the registrar.",
        },
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
    return [judge(id, "dns", "launch-stopping", problems, `${ctx.domain} is served by ${servers.length} name servers: ${servers.join(", ")}.`)];
  },
});

const HOST_SEVERITY: Record<HostLabel, Severity> = { apex: "launch-stopping", www: "high", app: "info", api: "info" };

function hostResolution(ctx: AuditContext, label: HostLabel): Check {
  const id = `dns.${label}`;
  return {
    id,
    area: "dns",
    severity: HOST_SEVERITY[label],
    what: `the addresses of ${ctx.hostName(label)}`,
    async run() {
      const host = await ctx.host(label);
      const addresses = [...host.v4, ...host.v6];
      if (addresses.length > 0) {
        const via = host.cnames.length > 0 ? ` via ${host.cnames.join(" → ")}` : "";
        const ipv6 = host.v6.length > 0 ? "" : " (no IPv6 address)";
        return [pass(id, "dns", HOST_SEVERITY[label], `${host.name} resolves${via} to ${addresses.join(", ")}${ipv6}.`)];
      }
      switch (label) {
        case "apex":
          return [
            {
              id,
              area: "dns",
              status: "fail",
              severity: "launch-stopping",
              summary: `${host.name} has no A or AAAA record: the site cannot be reached at its own name.`,
              fix: `Publish an A/AAAA record (or a flattened CNAME) for ${host.name} pointing at the site.`,
            },
          ];
        case "www":
          return [
            {
              id,
              area: "dns",
              status: "fail",
              severity: "high",
              summary: `${host.name} does not resolve: visitors and links that use www get an error instead of the site.`,
              fix: `Publish ${host.name} (a proxied CNAME to ${ctx.domain} is enough) and redirect it to the canonical host.`,
            },
          ];
        default:
          return [pass(id, "dns", "info", `${host.name} is not published: nothing to check there (publish it if you serve an ${label} host).`)];
      }
    },
  };
}

export const hostResolutions = (ctx: AuditContext): Check[] => HOST_LABELS.map((label) => hostResolution(ctx, label));

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

export const caa = (ctx: AuditContext): Check => ({
  id: "dns.caa",
  area: "dns",
  severity: "high",
  what: `the CAA records of ${ctx.domain}`,
  async run() {
    const id = "dns.caa";
    for (const name of caaNames(ctx.domain)) {
      const lookup = await ctx.dns.lookup(name, "CAA");
      const records = lookup.records.flatMap((r) => (r.type === "CAA" ? [r.data] : []));
      if (records.length > 0) return [judgeCaa(id, name, records)];
    }
    return [
      {
        id,
        area: "dns",
        status: "warn",
        severity: "low",
        summary: `No CAA record for ${ctx.domain}: any certificate authority may issue certificates for it.`,
        fix: 'Publish CAA records naming only the CAs you use, e.g. `0 issue "letsencrypt.org"` (on Cloudflare, also the CAs its Universal SSL uses).',
      },
    ];
  },
});

function judgeCaa(id: string, name: string, records: dnsPacket.CaaData[]): Finding {
  const critical = records.filter((r) => ((r.flags ?? 0) & 128) !== 0 && !KNOWN_CAA_TAGS.has(r.tag.toLowerCase()));
  if (critical.length > 0) {
    return {
      id,
      area: "dns",
      status: "fail",
      severity: "high",
      summary: `CAA at ${name} has a critical tag no CA understands (${critical.map((r) => r.tag).join(", ")}): every CA must refuse to issue, so certificate renewals will fail.`,
      fix: "Remove the critical flag (128) from that CAA record or remove the record.",
    };
  }
  const issue = records.filter((r) => r.tag.toLowerCase() === "issue" || r.tag.toLowerCase() === "issuewild");
  if (issue.length === 0) {
    return {
      id,
      area: "dns",
      status: "warn",
      severity: "low",
      summary: `CAA at ${name} has no issue tag, so it does not restrict which CA may issue.`,
      fix: 'Add `0 issue "<your CA>"` records for each CA you use.',
    };
  }
  const allowed = [...new Set(issue.map((r) => r.value.split(";")[0]!.trim()).filter((v) => v !== ""))];
  if (allowed.length === 0) {
    return {
      id,
      area: "dns",
      status: "fail",
      severity: "high",
      summary: `CAA at ${name} allows no CA at all (issue ";"): certificates cannot be issued or renewed.`,
      fix: 'Add `0 issue "<your CA>"` for the CA that issues your certificates.',
    };
  }
  return pass(id, "dns", "high", `CAA at ${name} limits issuance to ${allowed.join(", ")}.`);
}

/** The DNSKEY RDATA in wire form (RFC 4034 §2.1). */
function dnskeyRdata(key: dnsPacket.DnskeyData): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(key.flags, 0);
  header.writeUInt8(3, 2); // protocol, always 3
  header.writeUInt8(key.algorithm, 3);
  return Buffer.concat([header, key.key]);
}

function nameWire(name: string): Buffer {
  const labels = normalizeName(name).split(".").filter((l) => l !== "");
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])), Buffer.from([0])]);
}

/** RFC 4034 Appendix B. */
export function keyTag(key: dnsPacket.DnskeyData): number {
  const rdata = dnskeyRdata(key);
  let sum = 0;
  for (let i = 0; i < rdata.length; i++) sum += i & 1 ? rdata[i]! : rdata[i]! << 8;
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}

const DS_DIGESTS: Record<number, string> = { 1: "sha1", 2: "sha256", 4: "sha384" };

/**
 * The DS digest of `key` (RFC 4034 §5.1.4: over the owner name in canonical wire form, then the DNSKEY RDATA)
 * for `digestType`, or undefined for digest types this audit cannot compute.
 */
export function dsDigest(owner: string, key: dnsPacket.DnskeyData, digestType: number): Buffer | undefined {
  const algorithm = DS_DIGESTS[digestType];
  if (!algorithm) return undefined;
  return createHash(algorithm).update(nameWire(owner)).update(dnskeyRdata(key)).digest();
}

export const dnssec = (ctx: AuditContext): Check => ({
  id: "dns.dnssec",
  area: "dns",
  severity: "launch-stopping",
  what: `DNSSEC for ${ctx.domain}`,
  async run() {
    const id = "dns.dnssec";
    const owner = ctx.domain;
    const [keyResponse, dsResponse] = await Promise.all([
      ctx.dns.query(owner, "DNSKEY", true),
      ctx.dns.query(owner, "DS", true),
    ]);
    const own = (a: dnsPacket.Answer) => normalizeName(a.name) === owner;
    const keys = keyResponse.answers.flatMap((a) => (a.type === "DNSKEY" && own(a) ? [a.data] : []));
    const signatures = keyResponse.answers.flatMap((a) => (a.type === "RRSIG" && own(a) && a.data.typeCovered === "DNSKEY" ? [a.data] : []));
    const delegations = dsResponse.answers.flatMap((a) => (a.type === "DS" && own(a) ? [a.data] : []));

    if (keys.length === 0 && delegations.length === 0) {
      return [
        {
          id,
          area: "dns",
          status: "warn",
          severity: "medium",
          summary: `${owner} is not signed with DNSSEC: resolvers cannot tell forged answers from real ones.`,
          fix: "Enable DNSSEC at your DNS provider, then publish the DS record it gives you at your registrar.",
        },
      ];
    }
    if (keys.length === 0) {
      return [
        {
          id,
          area: "dns",
          status: "fail",
          severity: "launch-stopping",
          summary: `The registrar publishes a DS record for ${owner} but the zone has no DNSSEC keys: validating resolvers (used by a large share of visitors) cannot resolve the site or deliver mail.`,
          fix: "Remove the DS record at the registrar now, or turn DNSSEC signing back on with the key that DS names.",
        },
      ];
    }
    if (delegations.length === 0) {
      return [
        {
          id,
          area: "dns",
          status: "warn",
          severity: "medium",
          summary: `${owner} is signed (${keys.length} DNSKEY) but no DS record is published at the registrar, so DNSSEC is not in effect.`,
          fix: "Add the DS record (the plan's dnssecDsRecord output, or the one your DNS provider shows) at your registrar.",
        },
      ];
    }
    const checkable = delegations.filter((ds) => DS_DIGESTS[ds.digestType] !== undefined);
    const matching = checkable.filter((ds) =>
      keys.some((key) => keyTag(key) === ds.keyTag && key.algorithm === ds.algorithm && dsDigest(owner, key, ds.digestType)?.equals(ds.digest)),
    );
    if (checkable.length > 0 && matching.length === 0) {
      return [
        {
          id,
          area: "dns",
          status: "fail",
          severity: "launch-stopping",
          summary: `The DS record at the registrar (key tag ${checkable.map((d) => d.keyTag).join(", ")}) matches none of the zone's keys (key tag ${keys.map(keyTag).join(", ")}): validating resolvers reject every answer for ${owner} (SERVFAIL).`,
          fix: "Replace the DS record at the registrar with the one for the zone's current key signing key.",
        },
      ];
    }
    const now = Math.floor(Date.now() / 1000);
    const current = signatures.filter((s) => s.inception <= now && now <= s.expiration);
    if (current.length === 0) {
      const expired = signatures.length === 0 ? "unsigned" : `signed only by signatures valid until ${new Date(Math.max(...signatures.map((s) => s.expiration)) * 1000).toISOString()}`;
      return [
        {
          id,
          area: "dns",
          status: "fail",
          severity: "launch-stopping",
          summary: `The DNSKEY set of ${owner} is ${expired}: validating resolvers reject every answer for the domain.`,
          fix: "Have the DNS provider re-sign the zone (check that its signing is on and its clock is right).",
        },
      ];
    }
    const validated = keyResponse.authenticated && keyResponse.recursionAvailable ? "; the resolver validated it" : "";
    const chain =
      matching.length > 0
        ? `the DS at the registrar matches key tag ${matching.map((d) => d.keyTag).join(", ")}`
        : `the registrar publishes DS key tag ${delegations.map((d) => d.keyTag).join(", ")} (a digest type this audit cannot check)`;
    return [pass(id, "dns", "launch-stopping", `${owner} is signed and ${chain}${validated}.`)];
  },
});
