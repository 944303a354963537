import type { Probe } from "../../../lib/rule-language";
import { dnsRecords, PROXIABLE, redirectFor, zoneApex } from "../../../model/edge";
import { readingRules } from "../builders";
import type { StackRule, Violation } from "../types";

/** A path and query no legacy redirect uses, so only the canonical-host rule can answer. */
const PROBE = { path: "/launch-ready/canonical-probe", query: "utm_source=check&x=1" };

export const canonicalHostRedirect: StackRule = {
  kind: "stack",
  name: "canonical-host-redirect",
  description:
    "Checks that one of www and the apex 301-redirects to the other in one hop with path and query kept, on a proxied record, because two live copies of the site split search ranking, cookies and HSTS, and redirect rules only run on proxied names.",
  enforcementLevel: "mandatory",
  validate(resources) {
    return readingRules(() => {
      const apex = zoneApex(resources);
      if (apex === undefined) return [{ message: "No zone apex could be found (no Zone and no DNS records), so the canonical-host redirect cannot be checked." }];
      const www = `www.${apex}`;
      const fix = "keep canonicalHost set and let the Redirects component create the canonical_host rule";

      const attempt = (from: string, to: string) => {
        const outcomes = (["https", "http"] as const).map((scheme) => {
          const probe: Probe = { host: from, scheme, ...PROBE };
          return redirectFor(resources, probe);
        });
        return outcomes.every((o) => o !== undefined && o.location === `https://${to}${PROBE.path}?${PROBE.query}`) ? outcomes : undefined;
      };
      const wwwToApex = attempt(www, apex);
      const apexToWww = attempt(apex, www);
      const outcomes = wwwToApex ?? apexToWww;
      if (outcomes === undefined) {
        const seen = redirectFor(resources, { host: www, ...PROBE }) ?? redirectFor(resources, { host: apex, ...PROBE });
        const detail = seen === undefined ? "neither host is redirected" : `a request to ${PROBE.path} goes to ${seen.location} instead`;
        return [{ message: `No redirect sends www.${apex} to ${apex} (or the reverse) with path and query kept over https: ${detail}. Fix: ${fix}.` }];
      }
      const [from, to] = wwwToApex !== undefined ? [www, apex] : [apex, www];
      const violations: Violation[] = [];
      if (outcomes.some((o) => o?.status !== 301)) {
        violations.push({ message: `The ${from} → ${to} redirect answers ${outcomes.map((o) => o?.status).join("/")}, not 301: a permanent move needs 301 so search engines keep one URL. Fix: ${fix}.` });
      }
      const secondHop = redirectFor(resources, { host: to, scheme: "https", ...PROBE });
      if (secondHop !== undefined) {
        violations.push({ message: `The canonical host ${to} is redirected again (to ${secondHop.location}): the redirect takes two hops or loops. Fix: remove the rule ${secondHop.ref || "(no ref)"}.` });
      }
      const records = dnsRecords(resources).filter((r) => r.name === from && PROXIABLE.has(r.type));
      if (!records.some((r) => r.proxied)) {
        violations.push({
          message: `${from} has ${records.length === 0 ? "no A/AAAA/CNAME record" : "only DNS-only records"}: redirect rules run only on proxied names, so the redirect never fires. Fix: set proxied: true on hosts.${from === apex ? '"@"' : "www"} (or leave the host out: a proxied placeholder is created).`,
        });
      }
      return violations;
    });
  },
};
