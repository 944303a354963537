import { parseDmarc } from "../lib/dmarc";
import { isSendersDkimForm, SENDERS, senderByInclude, type Sender, type SenderId } from "../lib/senders";
import { parseSpf } from "../lib/spf";
import { dmarcDomains, governingDmarc, mailDnsRecords, spfRecords, type MailDnsRecord } from "./mail-dns";
import type { PlannedResource } from "./resource";

/**
 * Catalog senders in an apex SPF whose DKIM key is not published (mail-dkim-for-every-sender and
 * mail-dkim-pending share it). A key counts for a sender when it sits under the sender's selector in a form the sender
 * gives (a TXT key, or a CNAME to the provider).
 */
export interface MissingSenderKey {
  sender: Sender;
  domain: string;
  /** The apex SPF record that lists the sender. */
  urn: string;
  /**
   * True when the sender's mail fails DMARC without the key: its envelope is not at the domain (SPF does not align)
   * and the policy, after RFC 9989 test mode (t=y makes receivers apply one step softer), quarantines or rejects.
   */
  failsDmarc: boolean;
  /** The policy receivers apply. */
  policy: string;
}

function selectorOf(record: MailDnsRecord, domain: string): string | undefined {
  const suffix = `._domainkey.${domain}`;
  return record.name.endsWith(suffix) ? record.name.slice(0, -suffix.length) : undefined;
}

/** The policy receivers apply: t=y makes them treat reject as quarantine and quarantine as none. */
function appliedPolicy(record: MailDnsRecord | undefined): string {
  if (record === undefined) return "none";
  const tags = parseDmarc(record.content).tags;
  const policy = tags["p"] ?? "none";
  if (tags["t"] !== "y") return policy;
  return policy === "reject" ? "quarantine" : "none";
}

export function missingSenderKeys(resources: readonly PlannedResource[]): MissingSenderKey[] {
  const records = mailDnsRecords(resources);
  const missing: MissingSenderKey[] = [];
  for (const domain of dmarcDomains(records)) {
    const apexSpf = spfRecords(records).find((r) => r.name === domain);
    if (apexSpf === undefined) continue;
    const policy = appliedPolicy(governingDmarc(records, domain));
    const senders = parseSpf(apexSpf.content).terms.flatMap((t) => (t.name === "include" && t.value !== undefined ? [senderByInclude(t.value)] : [])).filter((id) => id !== undefined);
    // DKIM records of other senders: not SES's CNAMEs.
    const keys = records.filter((r) => selectorOf(r, domain) !== undefined && !r.content.endsWith(".dkim.amazonses.com"));
    const claimed = new Set<MailDnsRecord>();
    // Senders with fixed selectors claim their records first; senders whose selector the owner picks take what is left.
    const fixedFirst = (id: SenderId) => Number((SENDERS[id] as Sender).dkimSelector === undefined);
    const ordered = [...new Set(senders)].sort((a, b) => fixedFirst(a) - fixedFirst(b));
    for (const id of ordered) {
      const sender: Sender = SENDERS[id];
      const key = keys.find(
        (r) => !claimed.has(r) && (sender.dkimSelector === undefined || sender.dkimSelector.test(selectorOf(r, domain) ?? "")) && isSendersDkimForm(sender, r.content),
      );
      if (key !== undefined) {
        claimed.add(key);
        continue;
      }
      missing.push({ sender, domain, urn: apexSpf.urn, policy, failsDmarc: !sender.spfAligned && (policy === "quarantine" || policy === "reject") });
    }
  }
  return missing;
}
