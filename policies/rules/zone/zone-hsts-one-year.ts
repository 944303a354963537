
import { ONE_YEAR_SECONDS } from "../../../lib/durations";
import { readHsts } from "../../../model/edge";
import { zoneSettingRule } from "../builders";

export const zoneHstsOneYear = zoneSettingRule({
  name: "zone-hsts-one-year",
  description: "Checks that HSTS lasts at least a year, because shorter lifetimes lapse for occasional visitors and are below the preload list's minimum.",
  enforcementLevel: "advisory",
  settingId: "security_header",
  problem(value) {
    const hsts = readHsts(value);
    // An unreadable or missing HSTS value is zone-hsts's (mandatory) finding.
    if (typeof hsts === "string" || hsts.maxAge >= ONE_YEAR_SECONDS) return undefined;
    return `HSTS max-age is ${hsts.maxAge} s, under one year: raise hsts.maxAgeSeconds step by step (five minutes, a week, a month) to ${ONE_YEAR_SECONDS} once HTTPS works on every subdomain, then remove hsts.rampStage.`;
  },
});
