import { isDmarcRecord, parseDmarc, reportAddresses } from "../../../lib/dmarc";
import { txtRecordRule } from "../builders";

export const dnsDmarcMonitoringHasReports = txtRecordRule({
  name: "dns-dmarc-monitoring-has-reports",
  description:
    "Checks that a DMARC record that only monitors (p=none or t=y) names a report address, because monitoring without aggregate reports shows nobody anything and the policy can never be tightened safely.",
  enforcementLevel: "mandatory",
  isKind: isDmarcRecord,
  problem(text, name) {
    const { tags } = parseDmarc(text);
    const monitoring = tags["p"] === "none" || tags["t"] === "y";
    return monitoring && reportAddresses(tags).length === 0
      ? `DMARC at ${name} monitors (${tags["p"] === "none" ? "p=none" : "t=y"}) but sends reports nowhere: add an address to email.dmarc.rua.`
      : undefined;
  },
});
