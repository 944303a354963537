import { dnsRecords, PROXIABLE, zoneApex } from "../../../model/edge";
import type { StackRule } from "../types";

export const dnsAppApiProxied: StackRule = {
  kind: "stack",
  name: "dns-app-api-proxied",
  description:
    "Checks that the app. and api. hosts are proxied, because rate limits, managed WAF rules, cache rules and HSTS only apply to traffic that passes through Cloudflare, and a DNS-only record also publishes the origin's address.",
  enforcementLevel: "advisory",
  validate(resources) {
    const apex = zoneApex(resources);
    if (apex === undefined) return [];
    const hosts = new Set([`app.${apex}`, `api.${apex}`]);
    return dnsRecords(resources)
      .filter((r) => hosts.has(r.name) && PROXIABLE.has(r.type) && !r.proxied)
      .map((r) => ({
        urn: r.urn,
        message: `${r.name} is DNS-only: its traffic skips the rate limits, WAF, cache rules and HSTS, and its origin address is public. Fix: set proxied: true on hosts.${r.name.slice(0, -apex.length - 1)} unless the service cannot run behind a proxy.`,
      }));
  },
};
