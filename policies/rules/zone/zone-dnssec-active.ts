import { TYPES } from "../../../model/type-tokens";
import type { ResourceRule } from "../types";

export const zoneDnssecActive: ResourceRule = {
  kind: "resource",
  name: "zone-dnssec-active",
  description: "Checks that DNSSEC signing is turned on for the zone, because unsigned answers can be forged by anyone who can reach a resolver (cache poisoning).",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.zoneDnssec],
  // A created zone reports "pending" until the registrar publishes the DS record; the input asks for "active".
  validate: (dnssec) =>
    ["active", "pending"].includes(String(dnssec.props["status"] ?? ""))
      ? []
      : [`DNSSEC status is ${JSON.stringify(dnssec.props["status"] ?? null)}: set status to "active" and publish the DS record at the registrar.`],
};
