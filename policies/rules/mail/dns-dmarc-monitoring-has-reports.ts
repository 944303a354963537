import { isDmarcRecord, parseDmarc, reportAddresses } from "../../../lib/dmarc";
import { unquoteTxt } from "../../../lib/zone-file";
import { TYPES } from "../../../model/type-tokens";
import type { ResourceRule } from "../types";

export const dnsDmarcMonitoringHasReports: ResourceRule = {
  kind: "resource",
  name: "dns-dmarc-monitoring-has-reports",
  description:
    "Checks that a DMARC record that only monitors (p=none or t=y) names a report address, because monitoring without aggregate reports shows nobody anything and the policy can never be tightened safely.",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.dnsRecord],
  validate: (record) => {
    const content = unquoteTxt(String(record.props["content"] ?? ""));
    if (record.props["type"] !== "TXT" || !isDmarcRecord(content)) return [];
    const { tags } = parseDmarc(content);
    const monitoring = tags["p"] === "none" || tags["t"] === "y";
    return monitoring && reportAddresses(tags).length === 0
      ? [`DMARC at ${String(record.props["name"])} monitors (${tags["p"] === "none" ? "p=none" : "t=y"}) but sends reports nowhere: add an address to email.dmarc.rua.`]
      : [];
  },
};
