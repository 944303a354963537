import { caaIssuer, CLOUDFLARE_CAS } from "../../../lib/caa";
import { dnsRecords, zoneApex } from "../../../model/edge";
import type { StackRule, Violation } from "../types";

export const caaAllowsEdgeCas: StackRule = {
  kind: "stack",
  name: "caa-allows-edge-cas",
  description:
    "Checks that the apex publishes CAA records and that they allow every CA Cloudflare's edge certificates come from, because without CAA any CA may issue for the domain, and a CAA set that leaves one out can stop the certificate from renewing.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const apex = zoneApex(resources);
    const caa = dnsRecords(resources).filter((r) => r.type === "CAA" && r.name === apex);
    const cas = CLOUDFLARE_CAS.map((ca) => ca.domain);
    if (caa.length === 0) {
      return [{ message: `${apex ?? "The zone apex"} has no CAA records, so any certificate authority may issue for it. Fix: publish issue and issuewild records for ${cas.join(", ")} (the Dns component does).` }];
    }
    const violations: Violation[] = [];
    for (const tag of ["issue", "issuewild"] as const) {
      const records = caa.filter((r) => String(r.data["tag"] ?? "") === tag);
      // Without issuewild records, issue governs wildcard certificates too (RFC 8659 §4.3).
      if (records.length === 0 && tag === "issuewild") continue;
      const allowed = new Set(records.map((r) => caaIssuer(String(r.data["value"] ?? ""))));
      const missing = cas.filter((ca) => !allowed.has(ca));
      if (missing.length > 0) {
        violations.push({ message: `The ${tag} CAA records of ${apex} do not allow ${missing.join(", ")}: Cloudflare issues edge certificates from it and renewal can fail. Fix: add ${tag} records for ${missing.join(", ")}.` });
      }
    }
    return violations;
  },
};
