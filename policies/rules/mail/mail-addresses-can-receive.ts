import { emailDomain, isAtOrBelow } from "../../../lib/domain";
import { reportAddress, tagList } from "../../../lib/dmarc";
import { acceptsMail, dmarcDomains, dmarcRecords, dmarcReportAddresses, mailDnsRecords } from "../../../model/mail-dns";
import { TYPES } from "../../../model/type-tokens";
import type { StackRule, Violation } from "../types";

export const mailAddressesCanReceive: StackRule = {
  kind: "stack",
  name: "mail-addresses-can-receive",
  description:
    "Checks that DMARC and TLS report addresses and alert e-mail addresses at the plan's own domains have an MX that accepts mail, because reports and alerts sent to a domain with a null MX or no MX bounce and nobody notices.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const owned = dmarcDomains(records);
    const addresses: { address: string; use: string; urn: string }[] = [];
    for (const record of dmarcRecords(records)) {
      for (const address of dmarcReportAddresses(record)) addresses.push({ address, use: "DMARC reports", urn: record.urn });
    }
    for (const record of records.filter((r) => r.type === "TXT" && r.name.startsWith("_smtp._tls."))) {
      const rua = tagList(record.content).find((t) => t.name === "rua")?.value ?? "";
      for (const uri of rua.split(",")) {
        const address = reportAddress(uri.trim());
        if (address !== undefined) addresses.push({ address, use: "TLS reports", urn: record.urn });
      }
    }
    for (const sub of resources.filter((r) => r.type === TYPES.snsTopicSubscription && r.props["protocol"] === "email")) {
      addresses.push({ address: String(sub.props["endpoint"] ?? ""), use: "alerts", urn: sub.urn });
    }
    const violations: Violation[] = [];
    for (const { address, use, urn } of addresses) {
      const at = emailDomain(address).toLowerCase();
      if (!owned.some((d) => isAtOrBelow(at, d)) || acceptsMail(records, at)) continue;
      violations.push({
        urn,
        message: `${address} receives the ${use}, but ${at} ${records.some((r) => r.type === "MX" && r.name === at) ? "publishes a null MX" : "has no MX"} in this plan, so they bounce: use an address at a domain that receives mail, or set email.inbound.`,
      });
    }
    return violations;
  },
};
