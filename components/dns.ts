import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { edgeCaaRecords } from "../lib/caa";
import { fqdn, type ExtraRecord, type HostRecord } from "../lib/domain";
import { REDIRECT_ONLY_ADDRESS, type SiteHosts } from "../lib/edge-rules";
import { caaRecordRole, extraRecordRole, hostRecordRole } from "../lib/names";

export interface DnsArgs {
  zoneId: pulumi.Input<string>;
  /** The registrable domain, in punycode. */
  domain: string;
  /** The canonical host and the one that redirects to it. */
  site: SiteHosts;
  /** Host label ("@" for the apex) → record. */
  hosts: Readonly<Record<string, HostRecord>>;
  /** Records the template does not derive (verification TXT, _acme-challenge, a sender's subdomain MX/SPF); validated by config. */
  records: readonly ExtraRecord[];
  /** Where CAs report refused certificate requests (CAA iodef). */
  caaReportEmail: string;
}

/** Proxied records carry TTL 1 ("automatic"): Cloudflare answers with its own addresses and rejects any other TTL. */
const PROXIED_TTL = 1;
/** DNS-only host records: five minutes, short enough to move a host during launch week. */
const DNS_ONLY_TTL = 300;
const CAA_TTL = 3600;
/** Record comments: at most 100 characters on the Free plan (shared/reference/cloudflare.md §1.3). */
const comment = (text: string) => `launch-ready: ${text}`.slice(0, 100);

/**
 * The site's records: the `hosts` map (a CNAME at the apex is flattened by Cloudflare), a proxied placeholder for the
 * non-canonical host when the map has none (redirect rules only run on proxied names), and CAA records that allow
 * exactly the CAs Cloudflare's certificates come from. Names are fully qualified; every record is deleted before its
 * replacement is created, because two records of one name cannot coexist while a type changes.
 */
export class Dns extends pulumi.ComponentResource {
  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Dns", name, {}, opts);
    const child = { parent: this, deleteBeforeReplace: true };
    const otherLabel = args.site.other === args.domain ? "@" : "www";

    for (const [label, record] of Object.entries(args.hosts)) {
      new cloudflare.DnsRecord(
        `${name}-${hostRecordRole(label)}`,
        {
          zoneId: args.zoneId,
          name: fqdn(label, args.domain),
          type: record.type,
          content: record.target,
          proxied: record.proxied,
          ttl: record.proxied ? PROXIED_TTL : DNS_ONLY_TTL,
          comment: comment(`${label === "@" ? "apex" : label} host`),
        },
        child,
      );
    }
    if (!(otherLabel in args.hosts)) {
      new cloudflare.DnsRecord(
        `${name}-${hostRecordRole(otherLabel)}`,
        {
          zoneId: args.zoneId,
          name: args.site.other,
          type: "AAAA",
          content: REDIRECT_ONLY_ADDRESS,
          proxied: true,
          ttl: PROXIED_TTL,
          comment: comment("redirect-only, 301 to the canonical host"),
        },
        child,
      );
    }

    for (const record of args.records) {
      new cloudflare.DnsRecord(
        `${name}-${extraRecordRole(record)}`,
        {
          zoneId: args.zoneId,
          name: fqdn(record.name, args.domain),
          type: record.type,
          content: record.content,
          proxied: record.proxied,
          ttl: record.proxied ? PROXIED_TTL : DNS_ONLY_TTL,
          ...(record.priority === undefined ? {} : { priority: record.priority }),
          comment: comment(`extra ${record.type} record (records)`),
        },
        child,
      );
    }

    for (const caa of edgeCaaRecords(args.caaReportEmail)) {
      new cloudflare.DnsRecord(
        `${name}-${caaRecordRole(caa)}`,
        { zoneId: args.zoneId, name: args.domain, type: "CAA", data: { flags: caa.flags, tag: caa.tag, value: caa.value }, ttl: CAA_TTL },
        child,
      );
    }

    this.registerOutputs({});
  }
}
