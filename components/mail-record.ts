import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

/**
 * The type of the one mail component there was before the sending identity and the mail records were split: their
 * aliases name it, so `pulumi up` on an existing stack keeps every resource it held.
 */
export const FORMER_MAIL_COMPONENT = "launch-ready:mail:Email";

/** Mail records are never proxied; an hour keeps changes quick without hammering resolvers. */
export const MAIL_TTL = 3600;

/** What one mail record sets: the zone, the TTL and "never proxied" are the same for all of them. */
export type MailRecordInputs = Omit<cloudflare.DnsRecordArgs, "zoneId" | "ttl" | "proxied">;

/**
 * A DNS record of a mail component. It is deleted before its replacement is created, so two records of one name never
 * coexist while its type or content changes.
 */
export function mailRecord(name: string, zoneId: pulumi.Input<string>, inputs: MailRecordInputs, opts: pulumi.CustomResourceOptions): cloudflare.DnsRecord {
  return new cloudflare.DnsRecord(name, { zoneId, ttl: MAIL_TTL, proxied: false, ...inputs }, { ...opts, deleteBeforeReplace: true });
}
