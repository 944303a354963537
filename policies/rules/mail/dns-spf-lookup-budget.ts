import { countLookups, isSpfRecord, parseSpf, SPF_LOOKUP_LIMIT } from "../../../lib/spf";
import { unquoteTxt } from "../../../lib/zone-file";
import { TYPES } from "../../../model/type-tokens";
import type { ResourceRule } from "../types";

export const dnsSpfLookupBudget: ResourceRule = {
  kind: "resource",
  name: "dns-spf-lookup-budget",
  description:
    "Checks that each SPF record costs at most 10 DNS lookups, nested includes counted from the sender catalog, because past 10 receivers return a permerror and SPF fails for every message.",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.dnsRecord],
  validate(record) {
    const content = unquoteTxt(String(record.props["content"] ?? ""));
    if (record.props["type"] !== "TXT" || !isSpfRecord(content)) return [];
    const lookups = countLookups(parseSpf(content).terms);
    const name = String(record.props["name"] ?? "").toLowerCase().replace(/\.$/, "");
    return lookups > SPF_LOOKUP_LIMIT
      ? [`SPF of ${name} costs ${lookups} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 §4.6.4 allows: drop a sender or move one to a subdomain with its own SPF.`]
      : [];
  },
};
