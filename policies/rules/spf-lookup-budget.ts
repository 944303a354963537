import { countLookups, parseSpf, SPF_LOOKUP_LIMIT } from "../../lib/spf";
import { mailDnsRecords, spfRecords } from "./mail-dns";
import type { StackRule } from "./types";

export const spfLookupBudget: StackRule = {
  kind: "stack",
  name: "dns-spf-lookup-budget",
  description:
    "Checks that each SPF record costs at most 10 DNS lookups, nested includes counted from the sender catalog, because past 10 receivers return a permerror and SPF fails for every message.",
  enforcementLevel: "mandatory",
  validate: (resources) =>
    spfRecords(mailDnsRecords(resources)).flatMap((record) => {
      const lookups = countLookups(parseSpf(record.content).terms);
      return lookups > SPF_LOOKUP_LIMIT
        ? [{ urn: record.urn, message: `SPF of ${record.name} costs ${lookups} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 §4.6.4 allows: drop a sender or move one to a subdomain with its own SPF.` }]
        : [];
    }),
};
