import { isDmarcRecord, parseDmarc, reportAddresses } from "../lib/dmarc";
import { isSpfRecord } from "../lib/spf";
import { bareName, recordContent } from "../lib/zone-file";
import type { PlannedResource } from "./resource";
import { TYPES } from "./type-tokens";

/**
 * Reading the DNS records mail depends on: plain functions over PlannedResource, so every mail rule and document reads
 * names and TXT values the same way.
 */
export interface MailDnsRecord {
  urn: string;
  /** Lowercase FQDN without a trailing dot. */
  name: string;
  type: string;
  /** TXT values unquoted and joined, as a resolver hands them to SPF/DMARC code. */
  content: string;
  priority?: number;
}

export function mailDnsRecords(resources: readonly PlannedResource[]): MailDnsRecord[] {
  return resources
    .filter((r) => r.type === TYPES.dnsRecord)
    .map((r) => {
      const type = String(r.props["type"] ?? "").toUpperCase();
      const raw = String(r.props["content"] ?? "");
      const priority = r.props["priority"];
      return {
        urn: r.urn,
        name: bareName(String(r.props["name"] ?? "")),
        type,
        content: recordContent(type, raw),
        ...(typeof priority === "number" ? { priority } : {}),
      };
    });
}

export const spfRecords = (records: readonly MailDnsRecord[]) => records.filter((r) => r.type === "TXT" && isSpfRecord(r.content));
export const dmarcRecords = (records: readonly MailDnsRecord[]) => records.filter((r) => r.type === "TXT" && r.name.startsWith("_dmarc.") && isDmarcRecord(r.content));

/** The domains that publish a DMARC record: the organisational domains of the plan. */
export function dmarcDomains(records: readonly MailDnsRecord[]): string[] {
  return [...new Set(dmarcRecords(records).map((r) => r.name.slice("_dmarc.".length)))];
}

/** The DMARC record that governs a name: its own, else the nearest ancestor's (the RFC 9989 tree walk). */
export function governingDmarc(records: readonly MailDnsRecord[], name: string): MailDnsRecord | undefined {
  const all = dmarcRecords(records);
  const labels = name.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const found = all.find((r) => r.name === `_dmarc.${labels.slice(i).join(".")}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** MX records at a name. */
export const mxAt = (records: readonly MailDnsRecord[], name: string) => records.filter((r) => r.type === "MX" && r.name === name);

/** True when the name has an MX that accepts mail (not only the null MX "."). */
export const acceptsMail = (records: readonly MailDnsRecord[], name: string) => mxAt(records, name).some((r) => r.content !== "." && r.content !== "");

/** The report addresses a DMARC record names. */
export const dmarcReportAddresses = (record: MailDnsRecord) => reportAddresses(parseDmarc(record.content).tags);
