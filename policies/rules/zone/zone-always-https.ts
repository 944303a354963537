import { zoneSettingRule } from "../builders";

export const zoneAlwaysHttps = zoneSettingRule({
  name: "zone-always-https",
  description: "Checks that Always Use HTTPS is on, because a page served over plain HTTP can be read and changed by anyone on the network path.",
  enforcementLevel: "mandatory",
  settingId: "always_use_https",
  problem: (value) => (value === "on" ? undefined : `Always Use HTTPS is ${JSON.stringify(value)}: set always_use_https to "on" so every http:// request is redirected to https://.`),
});
