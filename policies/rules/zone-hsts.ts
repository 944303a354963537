import { HALF_YEAR_SECONDS, ONE_YEAR_SECONDS } from "../../lib/zone-settings";
import { readHsts, zoneSettingRule } from "./edge-state";

export const zoneHsts = zoneSettingRule({
  name: "zone-hsts",
  description:
    "Checks that HSTS is on for at least six months and that preload comes only with includeSubDomains and a year, because without HSTS a first plain-HTTP request can be hijacked, and a preload entry without them is refused by the list.",
  enforcementLevel: "mandatory",
  settingId: "security_header",
  missing: "The zone has no security_header setting, so browsers get no HSTS header: add it with strict_transport_security { enabled: true, max_age: 31536000, include_subdomains: true } (the Tls component does).",
  problem(value) {
    const hsts = readHsts(value);
    if (typeof hsts === "string") return hsts;
    if (!hsts.enabled) return "HSTS is not enabled: set strict_transport_security.enabled to true.";
    if (hsts.maxAge < HALF_YEAR_SECONDS) return `HSTS max-age is ${hsts.maxAge} s, under six months (${HALF_YEAR_SECONDS} s): set hsts.maxAgeSeconds to 31536000 (one year).`;
    if (hsts.preload && (!hsts.includeSubdomains || hsts.maxAge < ONE_YEAR_SECONDS)) {
      return "HSTS preload is set without includeSubDomains and a max-age of at least one year, which the preload list refuses: set hsts.includeSubdomains: true and hsts.maxAgeSeconds: 31536000, or drop preload.";
    }
    return undefined;
  },
});
