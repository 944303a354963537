import { parseSpf } from "../../../lib/spf";
import { mailDnsRecords, spfRecords } from "../../../model/mail-dns";
import type { StackRule, Violation } from "../types";

export const dnsSpfSingleStrict: StackRule = {
  kind: "stack",
  name: "dns-spf-single-strict",
  description:
    "Checks that each name has at most one SPF record, that it parses, ends in -all or ~all and has no ptr, because two records or a bad term is a permerror at every receiver and +all/?all let anyone send as the domain.",
  enforcementLevel: "mandatory",
  validate: (resources) => {
    const violations: Violation[] = [];
    const records = spfRecords(mailDnsRecords(resources));
    for (const record of records) {
      const others = records.filter((r) => r.name === record.name);
      if (others.length > 1 && others[0] === record) {
        violations.push({ urn: record.urn, message: `${record.name} has ${others.length} SPF records; receivers treat that as a permerror (RFC 7208 §3.2). Merge them into one v=spf1 record.` });
      }
      const { terms, errors } = parseSpf(record.content);
      for (const error of errors) violations.push({ urn: record.urn, message: `SPF of ${record.name}: ${error}. Fix the record so every term is valid SPF.` });
      if (terms.some((t) => t.name === "ptr")) {
        violations.push({ urn: record.urn, message: `SPF of ${record.name} uses ptr, which RFC 7208 §5.5 says not to use (slow, unreliable): list the senders' includes or ip4/ip6 ranges instead.` });
      }
      const all = terms.find((t) => t.kind === "mechanism" && t.name === "all");
      const redirect = terms.some((t) => t.kind === "modifier" && t.name === "redirect");
      if (all?.kind === "mechanism" && (all.qualifier === "+" || all.qualifier === "?")) {
        violations.push({ urn: record.urn, message: `SPF of ${record.name} ends in ${all.qualifier}all, which lets any server send as ${record.name}: end it in -all (or ~all while a sender may be missing).` });
      } else if (all === undefined && !redirect) {
        violations.push({ urn: record.urn, message: `SPF of ${record.name} has no all term, so unlisted servers get a neutral result: end it in -all.` });
      }
    }
    return violations;
  },
};
