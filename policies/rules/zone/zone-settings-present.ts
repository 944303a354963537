import { zoneSettings } from "../../../model/edge";
import { TYPES } from "../../../model/type-tokens";
import type { StackRule, Violation } from "../types";

/** The settings whose values resource rules check, and what the zone keeps when one is missing. */
const REQUIRED: readonly { settingId: string; missing: string }[] = [
  {
    settingId: "ssl",
    missing: 'The zone has no "ssl" setting, so it keeps whatever mode it had (new zones may start at Flexible). Add a ZoneSetting ssl = "strict" (the Tls component does) and give the origin a valid certificate.',
  },
  {
    settingId: "always_use_https",
    missing: 'The zone has no "always_use_https" setting: add a ZoneSetting always_use_https = "on" (the Tls component does) so every http:// request is redirected to https://.',
  },
  {
    settingId: "min_tls_version",
    missing: 'The zone has no "min_tls_version" setting, so it keeps Cloudflare\'s default of TLS 1.0: add a ZoneSetting min_tls_version = "1.2" (the Tls component does).',
  },
];

export const zoneSettingsPresent: StackRule = {
  kind: "stack",
  name: "zone-settings-present",
  description:
    "Checks that the stack manages the zone's SSL mode, Always Use HTTPS, minimum TLS version and DNSSEC, because a zone left to its defaults may serve Flexible SSL, plain HTTP, TLS 1.0 and unsigned answers; their values are checked per resource by zone-ssl-strict, zone-always-https, zone-min-tls-1-2 and zone-dnssec-active.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const violations: Violation[] = REQUIRED.filter(({ settingId }) => zoneSettings(resources, settingId).length === 0).map(({ missing }) => ({ message: missing }));
    if (!resources.some((r) => r.type === TYPES.zoneDnssec)) {
      violations.push({ message: 'DNSSEC is not managed: add a ZoneDnssec with status "active" (the Zone component does), then publish its DS record at the registrar (stack output dnssecDsRecord).' });
    }
    return violations;
  },
};
