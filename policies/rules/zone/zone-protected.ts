import { TYPES } from "../../../model/type-tokens";
import type { ResourceRule } from "../types";

export const zoneProtected: ResourceRule = {
  kind: "resource",
  name: "zone-protected",
  description: "Checks that the Cloudflare zone is protected from deletion, because deleting it deletes every record, rule and setting of the domain.",
  enforcementLevel: "mandatory",
  resourceTypes: [TYPES.zone],
  validate: (zone) =>
    zone.protect ? [] : [`Zone ${String(zone.props["name"] ?? zone.name)} is not protected: create it with { protect: true } (and retainOnDelete) so a destroy or a replacement cannot delete the domain's DNS.`],
};
