import { zoneSettingRule } from "../builders";

const ACCEPTED = new Set(["1.2", "1.3"]);

export const zoneMinTls12 = zoneSettingRule({
  name: "zone-min-tls-1-2",
  description: "Checks that the zone accepts TLS 1.2 or newer only, because TLS 1.0 and 1.1 are deprecated (RFC 8996) and fail PCI DSS and browser requirements.",
  enforcementLevel: "mandatory",
  settingId: "min_tls_version",
  problem: (value) =>
    typeof value === "string" && ACCEPTED.has(value)
      ? undefined
      : `The zone accepts TLS ${JSON.stringify(value)} and up: set min_tls_version to "1.2" (a string), so clients with deprecated TLS 1.0/1.1 are refused.`,
});
