import { ONE_DAY_SECONDS, ONE_MONTH_SECONDS, ONE_YEAR_SECONDS, duration } from "../../../lib/durations";
import { parseDmarc, reportAddresses } from "../../../lib/dmarc";
import { HSTS_RAMP_MIN_SECONDS, HSTS_RAMP_SECONDS } from "../../../lib/zone-settings";
import type { Hsts } from "../../../model/edge";

/**
 * Where DMARC and HSTS stand, the next step and when to take it. Both ramps end at a door that is hard to close again
 * (DMARC reject drops legitimate mail a forgotten sender sends; HSTS preload keeps browsers HTTPS-only for months), so
 * each step waits for evidence, and the last one is only ever a deliberate choice.
 */
export interface Stage {
  now: string;
  next: string;
  when: string;
}

/** The DMARC ramp of RFC 9989: none → quarantine with t=y → quarantine → reject (t=y replaces pct). */
export function dmarcStage(record: string | undefined): Stage {
  if (record === undefined) {
    return { now: "No DMARC record: receivers cannot tell forged mail from yours.", next: "Publish one with email.dmarc.policy: none and a report address in email.dmarc.rua.", when: "Before launch." };
  }
  const { tags } = parseDmarc(record);
  const policy = tags["p"] ?? "none";
  const testing = tags["t"] === "y";
  const reports = reportAddresses(tags);
  const readReports = reports.length > 0 ? `the aggregate reports sent to ${reports.join(", ")}` : "aggregate reports (add an address to email.dmarc.rua first: without reports there is nothing to go by)";
  const clean = `${readReports} list only your own services, all passing SPF or DKIM`;
  if (policy === "none") {
    return {
      now: "p=none: monitoring only. Mail that fails is still delivered; receivers only report it.",
      next: "Set email.dmarc.policy: quarantine with testing: true (p=quarantine; t=y).",
      when: `After two weeks in which ${clean}.`,
    };
  }
  if (policy === "quarantine" && testing) {
    return {
      now: "p=quarantine with t=y: a test run. Receivers treat it one step softer, so failing mail is still delivered while you watch the reports.",
      next: "Set email.dmarc.testing: false (p=quarantine): failing mail goes to spam.",
      when: `After two weeks in which ${clean}.`,
    };
  }
  if (policy === "quarantine") {
    return {
      now: "p=quarantine: mail that fails SPF and DKIM goes to spam.",
      next: "Set email.dmarc.policy: reject, with testing: true for the first weeks. Reject is a deliberate last step: mail from a service you forgot is refused.",
      when: `After four weeks at quarantine in which ${clean} and nobody reports missing mail.`,
    };
  }
  if (testing) {
    return {
      now: "p=reject with t=y: a test run of reject. Receivers treat it as quarantine.",
      next: "Set email.dmarc.testing: false (p=reject): failing mail is refused.",
      when: `After two weeks in which ${clean}.`,
    };
  }
  return {
    now: "p=reject: mail that fails SPF and DKIM is refused. This is the last stage.",
    next: "None. Keep reading the reports, and add every new sending service to email.senders before it sends.",
    when: "Whenever a new service starts sending as the domain.",
  };
}

export function hstsStage(hsts: Hsts | string | undefined): Stage {
  if (hsts === undefined || typeof hsts === "string" || !hsts.enabled) {
    return { now: "HSTS is off: a visitor's first plain-http request can be intercepted.", next: `Set hsts.maxAgeSeconds: ${HSTS_RAMP_MIN_SECONDS} (five minutes) with hsts.rampStage: true to start.`, when: "Once every host answers over HTTPS." };
  }
  const header = `max-age=${hsts.maxAge}${hsts.includeSubdomains ? "; includeSubDomains" : ""}${hsts.preload ? "; preload" : ""}`;
  const now = `${header}: browsers that have visited use only HTTPS for ${duration(hsts.maxAge)}${hsts.includeSubdomains ? ", on every subdomain too" : ""}.`;
  const nextAge = HSTS_RAMP_SECONDS.find((age) => age > hsts.maxAge);
  if (nextAge !== undefined) {
    return {
      now,
      // Under a year the ramp step is declared (hsts.rampStage); the last step ends the ramp.
      next: `Raise hsts.maxAgeSeconds to ${nextAge} (${duration(nextAge)})${nextAge >= ONE_YEAR_SECONDS ? " and remove hsts.rampStage" : ", keeping hsts.rampStage: true"}.`,
      when: `After ${duration(Math.min(Math.max(hsts.maxAge, ONE_DAY_SECONDS), ONE_MONTH_SECONDS))} at this value with every subdomain working over HTTPS.`,
    };
  }
  if (!hsts.includeSubdomains) {
    return { now, next: "Set hsts.includeSubdomains: true.", when: "Once every subdomain, including internal ones, answers over HTTPS." };
  }
  if (!hsts.preload) {
    return {
      now,
      next: "None needed. Preloading (hsts.preload: true, then submitting the domain at https://hstspreload.org) is optional and only by explicit choice: browsers then ship the domain as HTTPS-only, and removal takes months.",
      when: "Only if you decide that every subdomain stays HTTPS-only for good.",
    };
  }
  return {
    now: `${now} Preload is requested.`,
    next: "Submit the domain at https://hstspreload.org if that is not done yet, and keep HTTPS working on every subdomain.",
    when: "Now; inclusion reaches browsers over the following months.",
  };
}
