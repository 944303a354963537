import { isDmarcRecord, parseDmarc } from "../../../lib/dmarc";
import { unquoteTxt } from "../../../lib/zone-file";
import { TYPES } from "../../../model/type-tokens";
import type { ResourceRule } from "../types";

export const dnsDmarcPolicyEnforced: ResourceRule = {
  kind: "resource",
  name: "dns-dmarc-policy-enforced",
  description:
    "Checks whether DMARC asks receivers to act on failing mail, because p=none only watches: forged mail from the domain is still delivered.",
  enforcementLevel: "advisory",
  resourceTypes: [TYPES.dnsRecord],
  validate: (record) => {
    const content = unquoteTxt(String(record.props["content"] ?? ""));
    if (record.props["type"] !== "TXT" || !isDmarcRecord(content)) return [];
    return parseDmarc(content).tags["p"] === "none"
      ? [
          `DMARC at ${String(record.props["name"])} is p=none: it only watches. Next step, once a week or two of aggregate reports shows only your own senders: email.dmarc.policy: quarantine with testing: true (t=y), then testing: false, then reject.`,
        ]
      : [];
  },
};
