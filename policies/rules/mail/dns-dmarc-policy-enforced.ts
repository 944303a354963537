import { isDmarcRecord, parseDmarc } from "../../../lib/dmarc";
import { txtRecordRule } from "../builders";

export const dnsDmarcPolicyEnforced = txtRecordRule({
  name: "dns-dmarc-policy-enforced",
  description:
    "Checks whether DMARC asks receivers to act on failing mail, because p=none only watches: forged mail from the domain is still delivered.",
  enforcementLevel: "advisory",
  isKind: isDmarcRecord,
  problem: (text, name) =>
    parseDmarc(text).tags["p"] === "none"
      ? `DMARC at ${name} is p=none: it only watches. Next step, once a week or two of aggregate reports shows only your own senders: email.dmarc.policy: quarantine with testing: true (t=y), then testing: false, then reject.`
      : undefined,
});
