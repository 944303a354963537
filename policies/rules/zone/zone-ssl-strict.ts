import { zoneSettingRule } from "../builders";

export const zoneSslStrict = zoneSettingRule({
  name: "zone-ssl-strict",
  description:
    "Checks that the zone's SSL/TLS mode is Full (strict), because the other modes let Cloudflare talk to the origin in plain HTTP or accept any origin certificate, so a network attacker can impersonate the origin.",
  enforcementLevel: "mandatory",
  settingId: "ssl",
  problem: (value) =>
    value === "strict"
      ? undefined
      : `The zone's SSL/TLS mode is ${JSON.stringify(value)}: set ssl to "strict" (Full strict) so Cloudflare verifies the origin's certificate; give the origin a valid certificate (its platform's, or a Cloudflare Origin CA certificate) first.`,
});
