import { SENDERS, senderByInclude, type Sender, type SenderId } from "../../lib/senders";
import { parseSpf } from "../../lib/spf";
import { dmarcDomains, mailDnsRecords, spfRecords, type MailDnsRecord } from "./mail-dns";
import { TYPES, type StackRule, type Violation } from "./types";

/** The selector of a record at <selector>._domainkey.<domain>, or undefined. */
function selectorOf(record: MailDnsRecord, domain: string): string | undefined {
  const suffix = `._domainkey.${domain}`;
  return record.name.endsWith(suffix) ? record.name.slice(0, -suffix.length) : undefined;
}

export const mailDkimEverySender: StackRule = {
  kind: "stack",
  name: "mail-dkim-for-every-sender",
  description:
    "Checks that SES requests 2048-bit Easy DKIM keys with its three CNAMEs published, and that every catalog sender in the apex SPF has a DKIM key under its selector, because Gmail and Yahoo require DKIM and DKIM is what keeps DMARC passing when mail is forwarded.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const violations: Violation[] = [];

    for (const identity of resources.filter((r) => r.type === TYPES.sesEmailIdentity)) {
      const domain = String(identity.props["emailIdentity"] ?? "").toLowerCase();
      const signing = (identity.props["dkimSigningAttributes"] ?? {}) as Record<string, unknown>;
      if (signing["nextSigningKeyLength"] !== "RSA_2048_BIT") {
        violations.push({ urn: identity.urn, message: `SES identity ${domain} does not request 2048-bit DKIM keys: set dkimSigningAttributes.nextSigningKeyLength to RSA_2048_BIT.` });
      }
      const tokens = Array.isArray(signing["tokens"]) ? (signing["tokens"] as unknown[]).map(String) : [];
      const missing = tokens.filter((t) => !records.some((r) => r.type === "CNAME" && r.name === `${t.toLowerCase()}._domainkey.${domain}` && r.content === `${t.toLowerCase()}.dkim.amazonses.com`));
      if (tokens.length !== 3 || missing.length > 0) {
        violations.push({ urn: identity.urn, message: `SES identity ${domain} needs its three Easy DKIM CNAMEs (<token>._domainkey.${domain} → <token>.dkim.amazonses.com); ${tokens.length === 3 ? `missing for ${missing.join(", ")}` : "the tokens are not known"}.` });
      }
    }

    for (const domain of dmarcDomains(records)) {
      const apexSpf = spfRecords(records).find((r) => r.name === domain);
      if (apexSpf === undefined) continue;
      const senders = parseSpf(apexSpf.content).terms.flatMap((t) => (t.name === "include" && t.value !== undefined ? [senderByInclude(t.value)] : [])).filter((id) => id !== undefined);
      // DKIM records of other senders: not SES's CNAMEs.
      const keys = records.filter((r) => selectorOf(r, domain) !== undefined && !r.content.endsWith(".dkim.amazonses.com"));
      const claimed = new Set<MailDnsRecord>();
      // Senders with fixed selectors claim their records first; senders whose selector the owner picks take what is left.
      const fixedFirst = (id: SenderId) => Number((SENDERS[id] as Sender).dkimSelector === undefined);
      const ordered = [...new Set(senders)].sort((a, b) => fixedFirst(a) - fixedFirst(b));
      for (const id of ordered) {
        const sender: Sender = SENDERS[id];
        const key = keys.find((r) => !claimed.has(r) && (sender.dkimSelector === undefined || sender.dkimSelector.test(selectorOf(r, domain) ?? "")));
        if (key !== undefined) {
          claimed.add(key);
          continue;
        }
        violations.push({
          urn: apexSpf.urn,
          message: `${sender.label} sends as ${domain} (its SPF include is published) but no DKIM key of it is: copy it from ${sender.dkimFrom} into email.dkim.`,
        });
      }
    }
    return violations;
  },
};
