import { acceptsMail, dmarcDomains, mailDnsRecords } from "../../../model/mail-dns";
import { TYPES } from "../../../model/type-tokens";
import type { StackRule, Violation } from "../types";

export const mailMtaStsWhenInbound: StackRule = {
  kind: "stack",
  name: "mail-mta-sts-when-inbound",
  description:
    "Checks whether a domain that receives mail publishes MTA-STS (record and policy host) and TLS-RPT, because without them a network attacker can strip STARTTLS and read incoming mail unnoticed.",
  enforcementLevel: "advisory",
  validate: (resources) => {
    const records = mailDnsRecords(resources);
    const hosts = resources.filter((r) => r.type === TYPES.workersCustomDomain).map((r) => String(r.props["hostname"] ?? "").toLowerCase());
    const violations: Violation[] = [];
    for (const domain of dmarcDomains(records).filter((d) => acceptsMail(records, d))) {
      const txt = (name: string, version: RegExp) => records.some((r) => r.type === "TXT" && r.name === name && version.test(r.content));
      if (!txt(`_mta-sts.${domain}`, /^v=STSv1;\s*id=[A-Za-z0-9]{1,32}\s*;?$/) || !hosts.includes(`mta-sts.${domain}`)) {
        violations.push({ message: `${domain} receives mail but publishes no MTA-STS (TXT _mta-sts.${domain} "v=STSv1; id=..." and a policy at https://mta-sts.${domain}/.well-known/mta-sts.txt): set email.inbound to a preset so the template publishes them (on a new zone, once Cloudflare shows it Active: cloudflare.zoneActive: true).` });
      }
      if (!txt(`_smtp._tls.${domain}`, /^v=TLSRPTv1;\s*rua=/)) {
        violations.push({ message: `${domain} receives mail but publishes no TLS-RPT record (_smtp._tls.${domain}), so TLS failures go unreported: add an address to email.dmarc.rua.` });
      }
    }
    return violations;
  },
};
