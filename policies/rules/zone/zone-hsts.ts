import { ONE_YEAR_SECONDS } from "../../../lib/durations";
import { HALF_YEAR_SECONDS, HSTS_RAMP_MIN_SECONDS } from "../../../lib/zone-settings";
import { hstsRampDeclared } from "../../../model/declared-intent";
import { readHsts, zoneSettings } from "../../../model/edge";
import type { StackRule, Violation } from "../types";

export const zoneHsts: StackRule = {
  kind: "stack",
  name: "zone-hsts",
  description:
    "Checks that HSTS is on for at least six months, or at least five minutes when the stack declares the max-age a deliberate step of the ramp to a year, and that preload comes only with includeSubDomains and a year, because without HSTS a first plain-HTTP request can be hijacked, an accidental short max-age lapses unnoticed, and a preload entry without them is refused by the list.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const settings = zoneSettings(resources, "security_header");
    if (settings.length === 0) {
      return [{ message: `The zone has no security_header setting, so browsers get no HSTS header: add it with strict_transport_security { enabled: true, max_age: ${ONE_YEAR_SECONDS}, include_subdomains: true } (the Tls component does).` }];
    }
    const ramp = hstsRampDeclared(resources);
    return settings.flatMap((s): Violation[] => {
      const problem = hstsProblem(s.props["value"], ramp);
      return problem === undefined ? [] : [{ urn: s.urn, message: problem }];
    });
  },
};

function hstsProblem(value: unknown, ramp: boolean): string | undefined {
  const hsts = readHsts(value);
  if (typeof hsts === "string") return hsts;
  if (!hsts.enabled) return "HSTS is not enabled: set strict_transport_security.enabled to true.";
  if (ramp && hsts.maxAge < HSTS_RAMP_MIN_SECONDS) {
    return `HSTS max-age is ${hsts.maxAge} s, under the ramp's first step of ${HSTS_RAMP_MIN_SECONDS} s (five minutes): set hsts.maxAgeSeconds to at least ${HSTS_RAMP_MIN_SECONDS}.`;
  }
  if (!ramp && hsts.maxAge < HALF_YEAR_SECONDS) {
    return `HSTS max-age is ${hsts.maxAge} s, under six months (${HALF_YEAR_SECONDS} s): set hsts.maxAgeSeconds to ${ONE_YEAR_SECONDS} (one year), or, while ramping up on purpose, hsts.rampStage: true.`;
  }
  if (hsts.preload && (!hsts.includeSubdomains || hsts.maxAge < ONE_YEAR_SECONDS)) {
    return `HSTS preload is set without includeSubDomains and a max-age of at least one year, which the preload list refuses: set hsts.includeSubdomains: true and hsts.maxAgeSeconds: ${ONE_YEAR_SECONDS}, or drop preload.`;
  }
  return undefined;
}
