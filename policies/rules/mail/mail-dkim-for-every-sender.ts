import { mailDnsRecords } from "../../../model/mail-dns";
import { missingSenderKeys } from "../../../model/sender-keys";
import { isUnknown } from "../../../model/resource";
import { TYPES } from "../../../model/type-tokens";
import { pending, type Pending, type StackRule, type Violation } from "../types";

export const mailDkimForEverySender: StackRule = {
  kind: "stack",
  name: "mail-dkim-for-every-sender",
  description:
    "Checks that SES requests 2048-bit Easy DKIM keys with its three CNAMEs published, and that every catalog sender in the apex SPF whose mail would fail DMARC without it (its envelope is not at the domain, and the policy quarantines or rejects) has a DKIM key under its selector, because that mail is lost from the first send.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const violations: (Violation | Pending)[] = [];

    for (const identity of resources.filter((r) => r.type === TYPES.sesEmailIdentity)) {
      const domain = String(identity.props["emailIdentity"] ?? "").toLowerCase();
      const signing = (identity.props["dkimSigningAttributes"] ?? {}) as Record<string, unknown>;
      if (signing["nextSigningKeyLength"] !== "RSA_2048_BIT") {
        violations.push({ urn: identity.urn, message: `SES identity ${domain} does not request 2048-bit DKIM keys: set dkimSigningAttributes.nextSigningKeyLength to RSA_2048_BIT.` });
      }
      if (isUnknown(signing["tokens"])) {
        // SES issues the tokens when it creates the identity; the records built from them are counted instead.
        const built = resources.filter((r) => r.type === TYPES.dnsRecord && r.props["type"] === "CNAME" && (r.dependsOn?.["name"] ?? []).includes(identity.urn));
        violations.push(
          built.length === 3
            ? pending(`SES identity ${domain}: its three Easy DKIM CNAMEs are planned; their names come from the tokens SES issues at create.`, identity.urn)
            : { urn: identity.urn, message: `SES identity ${domain} needs its three Easy DKIM CNAMEs (<token>._domainkey.${domain} → <token>.dkim.amazonses.com), one per token; ${built.length} CNAME records are built from its tokens.` },
        );
        continue;
      }
      const tokens = Array.isArray(signing["tokens"]) ? (signing["tokens"] as unknown[]).map(String) : [];
      const missing = tokens.filter((t) => !records.some((r) => r.type === "CNAME" && r.name === `${t.toLowerCase()}._domainkey.${domain}` && r.content === `${t.toLowerCase()}.dkim.amazonses.com`));
      if (tokens.length !== 3 || missing.length > 0) {
        violations.push({ urn: identity.urn, message: `SES identity ${domain} needs its three Easy DKIM CNAMEs (<token>._domainkey.${domain} → <token>.dkim.amazonses.com); ${tokens.length === 3 ? `missing for ${missing.join(", ")}` : "the tokens are not known"}.` });
      }
    }

    // Third-party senders: a missing key blocks only where it makes the sender's mail fail DMARC (mail-dkim-pending says the rest).
    for (const m of missingSenderKeys(resources).filter((k) => k.failsDmarc)) {
      violations.push({
        urn: m.urn,
        message: `${m.sender.label} sends as ${m.domain} (its SPF include is published) but no DKIM key of it is, and its envelope is not at ${m.domain}, so under DMARC ${m.policy} its mail is ${m.policy === "reject" ? "rejected" : "sent to spam"}: copy the key from ${m.sender.dkimFrom} into email.dkim.`,
      });
    }
    return violations;
  },
};
