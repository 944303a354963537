import { dnsRecords, zoneApex } from "../../../model/edge";
import { pending, type Pending, type StackRule, type Violation } from "../types";

export const dnsCnameAlone: StackRule = {
  kind: "stack",
  name: "dns-cname-alone",
  description:
    "Checks that no name below the apex has a CNAME next to other records, because a CNAME must be alone at its name (RFC 1034 §3.6.2) and Cloudflare refuses the second record; the apex is exempt because Cloudflare flattens a CNAME there.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const apex = zoneApex(resources);
    const all = dnsRecords(resources);
    const records = all.filter((r) => r.known);
    const waiting = all.filter((r) => !r.known).map((r) => pending("Its name comes from a provider (such as an SES DKIM token) and is checked against the zone's other names once it exists.", r.urn));
    return records
      .filter((r) => r.type === "CNAME" && r.name !== apex)
      .flatMap((cname): (Violation | Pending)[] => {
        const others = records.filter((r) => r.name === cname.name && r.urn !== cname.urn);
        if (others.length === 0) return [];
        const kinds = [...new Set(others.map((r) => r.type))].join(", ");
        return [{ urn: cname.urn, message: `${cname.name} has a CNAME and ${kinds} record${others.length === 1 ? "" : "s"} at the same name: a CNAME must be alone. Fix: give the host a different label, or use an A/AAAA record instead of the CNAME.` }];
      })
      .concat(waiting);
  },
};
