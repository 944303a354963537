import { countLookups, isSpfRecord, parseSpf, SPF_LOOKUP_LIMIT } from "../../../lib/spf";
import { txtRecordRule } from "../builders";

export const dnsSpfLookupBudget = txtRecordRule({
  name: "dns-spf-lookup-budget",
  description:
    "Checks that each SPF record costs at most 10 DNS lookups, nested includes counted from the sender catalog, because past 10 receivers return a permerror and SPF fails for every message.",
  enforcementLevel: "mandatory",
  isKind: isSpfRecord,
  problem(text, name) {
    const lookups = countLookups(parseSpf(text).terms);
    return lookups > SPF_LOOKUP_LIMIT
      ? `SPF of ${name} costs ${lookups} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 §4.6.4 allows: drop a sender or move one to a subdomain with its own SPF.`
      : undefined;
  },
});
