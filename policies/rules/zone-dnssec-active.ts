import { TYPES, type StackRule } from "./types";

export const zoneDnssecActive: StackRule = {
  kind: "stack",
  name: "zone-dnssec-active",
  description: "Checks that DNSSEC signing is turned on for the zone, because unsigned answers can be forged by anyone who can reach a resolver (cache poisoning).",
  enforcementLevel: "mandatory",
  validate(resources) {
    const dnssec = resources.filter((r) => r.type === TYPES.zoneDnssec);
    if (dnssec.length === 0) return [{ message: 'DNSSEC is not managed: add a ZoneDnssec with status "active" (the Zone component does), then publish its DS record at the registrar (stack output dnssecDsRecord).' }];
    // A created zone reports "pending" until the registrar publishes the DS record; the input asks for "active".
    return dnssec
      .filter((r) => !["active", "pending"].includes(String(r.props["status"] ?? "")))
      .map((r) => ({ urn: r.urn, message: `DNSSEC status is ${JSON.stringify(r.props["status"] ?? null)}: set status to "active" and publish the DS record at the registrar.` }));
  },
};
