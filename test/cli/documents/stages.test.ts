import { describe, expect, it } from "vitest";
import { dmarcStage, hstsStage, type Stage } from "../../../cli/plan/documents/stages";
import type { Hsts } from "../../../model/edge";

function expectStage(stage: Stage, now: string, next: string, when: string): void {
  expect(stage.now).toContain(now);
  expect(stage.next).toContain(next);
  expect(stage.when).toContain(when);
}

describe("dmarcStage", () => {
  const rua = "rua=mailto:d@example.com";
  it.each<[string, string | undefined, string, string, string]>([
    ["no record", undefined, "No DMARC record", "email.dmarc.policy: none", "Before launch."],
    ["none", `v=DMARC1; p=none; ${rua}`, "p=none: monitoring only", "email.dmarc.policy: quarantine with testing: true (p=quarantine; t=y)", "After two weeks in which the aggregate reports sent to d@example.com list only your own services, all passing SPF or DKIM."],
    ["none without reports", "v=DMARC1; p=none", "p=none", "quarantine", "add an address to email.dmarc.rua first"],
    ["quarantine on trial", `v=DMARC1; p=quarantine; t=y; ${rua}`, "p=quarantine with t=y: a test run", "email.dmarc.testing: false (p=quarantine)", "After two weeks"],
    ["quarantine", `v=DMARC1; p=quarantine; ${rua}`, "goes to spam", "email.dmarc.policy: reject, with testing: true", "After four weeks at quarantine"],
    ["reject on trial", `v=DMARC1; p=reject; t=y; ${rua}`, "Receivers treat it as quarantine", "email.dmarc.testing: false (p=reject)", "After two weeks"],
    ["reject", `v=DMARC1; p=reject; ${rua}`, "This is the last stage.", "None.", "Whenever a new service starts sending"],
  ])("%s", (_label, record, now, next, when) => expectStage(dmarcStage(record), now, next, when));
});

describe("hstsStage", () => {
  const hsts = (maxAge: number, includeSubdomains = true, preload = false): Hsts => ({ enabled: true, maxAge, includeSubdomains, preload });
  it.each<[string, Hsts | string | undefined, string, string, string]>([
    ["no setting", undefined, "HSTS is off", "hsts.maxAgeSeconds: 300", "Once every host answers over HTTPS."],
    ["an unreadable setting", "The HSTS setting uses camelCase keys", "HSTS is off", "300", "HTTPS"],
    ["disabled", { ...hsts(31_536_000), enabled: false }, "HSTS is off", "300", "HTTPS"],
    ["five minutes", hsts(300), "max-age=300; includeSubDomains: browsers that have visited use only HTTPS for 5 minutes", "Raise hsts.maxAgeSeconds to 604800 (1 week), keeping hsts.rampStage: true.", "After 1 day at this value"],
    ["a week", hsts(604_800), "for 1 week", "Raise hsts.maxAgeSeconds to 2592000 (1 month), keeping hsts.rampStage: true.", "After 1 week at this value"],
    ["a month", hsts(2_592_000), "for 1 month", "Raise hsts.maxAgeSeconds to 31536000 (1 year) and remove hsts.rampStage.", "After 1 month at this value"],
    ["six months", hsts(15_552_000), "for 6 months", "Raise hsts.maxAgeSeconds to 31536000 (1 year) and remove hsts.rampStage.", "After 1 month at this value"],
    ["a year without subdomains", hsts(31_536_000, false), "max-age=31536000: browsers", "Set hsts.includeSubdomains: true.", "including internal ones"],
    ["a year with subdomains", hsts(31_536_000), "on every subdomain too", "None needed. Preloading (hsts.preload: true", "Only if you decide"],
    ["preload", hsts(63_072_000, true, true), "max-age=63072000; includeSubDomains; preload: browsers that have visited use only HTTPS for 2 years", "Submit the domain at https://hstspreload.org", "Now;"],
  ])("%s", (_label, value, now, next, when) => expectStage(hstsStage(value), now, next, when));
});
