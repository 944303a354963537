// How checks are made: one list of them (cli/audit/checks/index.ts), each built with defineCheck, its findings
// with the reporter of its id or from a table of finding kinds.
import { describe, expect, it } from "vitest";
import { AuditContext, defineCheck, HOST_LABELS } from "../../cli/audit/context";
import type { Plan } from "../../cli/audit/plan";
import { buildChecks } from "../../cli/audit/run";
import { findingOf, NOTHING_TO_DO, reporter, type Finding, type FindingKind } from "../../cli/audit/types";
import { testOptions } from "./helpers/audit";

const report = reporter("mail.example", "mail", "high");

describe("reporter", () => {
  it.each<[string, Finding, Finding]>([
    ["pass", report.pass("Fine."), { id: "mail.example", area: "mail", status: "pass", severity: "high", summary: "Fine.", fix: NOTHING_TO_DO }],
    [
      "fail",
      report.fail("launch-stopping", "Broken.", "Mend it."),
      { id: "mail.example", area: "mail", status: "fail", severity: "launch-stopping", summary: "Broken.", fix: "Mend it." },
    ],
    ["warn", report.warn("low", "Odd.", "Look."), { id: "mail.example", area: "mail", status: "warn", severity: "low", summary: "Odd.", fix: "Look." }],
    // An error counts as the worst the id can be.
    [
      "error",
      report.error("No answer.", "Retry."),
      { id: "mail.example", area: "mail", status: "error", severity: "high", summary: "No answer.", fix: "Retry." },
    ],
    [
      "judge without problems",
      report.judge([], "Fine."),
      { id: "mail.example", area: "mail", status: "pass", severity: "high", summary: "Fine.", fix: NOTHING_TO_DO },
    ],
    [
      "judge with problems",
      report.judge(
        [
          { status: "warn", severity: "low", text: "Odd.", fix: "Look." },
          { status: "fail", severity: "medium", text: "Broken.", fix: "Mend it." },
        ],
        "Fine.",
      ),
      { id: "mail.example", area: "mail", status: "fail", severity: "medium", summary: "Odd. Broken.", fix: "Look. Mend it." },
    ],
  ])("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe("findingOf", () => {
  const kinds = {
    many: { id: "x.count", status: "warn", severity: "low", summary: (n) => `${n} of them.`, fix: (n) => `Remove ${n - 1}.` },
    none: { id: "x.count", status: "fail", severity: "high", summary: () => "None.", fix: "Add one." },
    one: { id: "x.count", status: "pass", severity: "high", summary: (n) => `${n} of them.` },
  } as const satisfies Record<string, FindingKind<number>>;

  it.each<[keyof typeof kinds, number, Finding]>([
    ["many", 3, { id: "x.count", area: "dns", status: "warn", severity: "low", summary: "3 of them.", fix: "Remove 2." }],
    ["none", 0, { id: "x.count", area: "dns", status: "fail", severity: "high", summary: "None.", fix: "Add one." }],
    ["one", 1, { id: "x.count", area: "dns", status: "pass", severity: "high", summary: "1 of them.", fix: NOTHING_TO_DO }],
  ])("%s", (kind, facts, expected) => {
    expect(findingOf("dns", kinds[kind], facts)).toEqual(expected);
  });
});

describe("defineCheck", () => {
  it("describes the check and runs it with the reporter of its own id", async () => {
    const check = defineCheck({ id: "dns.example", area: "dns", severity: "medium", what: "an example" }, async (r) => [r.pass("Fine.")]);
    expect({ ...check, run: undefined }).toEqual({ id: "dns.example", area: "dns", severity: "medium", what: "an example", run: undefined });
    expect(await check.run()).toEqual([{ id: "dns.example", area: "dns", status: "pass", severity: "medium", summary: "Fine.", fix: NOTHING_TO_DO }]);
  });
});

describe("the list of checks", () => {
  const context = (plan?: Plan) =>
    new AuditContext(testOptions("example.com", { host: "127.0.0.1", port: 1 }, plan ? { plan } : {}), new AbortController().signal);
  const plan: Plan = {
    file: "plan.json",
    domain: "example.com",
    records: [],
    nameServers: ["a.ns.example.net"],
    ds: { keyTag: 1, algorithm: 13, digestType: 2, digest: "ab", text: "1 13 2 ab" },
    loginPages: [],
  };

  it("makes each check once per run, per host where the check is per host", () => {
    const ids = buildChecks(context()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const prefix of ["dns", "tls.chain", "http.https-redirect", "http.hsts", "http.headers", "perf.latency"]) {
      expect(
        ids.filter((id) => HOST_LABELS.some((label) => id === `${prefix}.${label}`)),
        prefix,
      ).toHaveLength(HOST_LABELS.length);
    }
  });

  it("compares with the plan only when one is given, and its delegation and DS only when it declares them", () => {
    const planIds = (p?: Plan) => buildChecks(context(p)).flatMap((c) => (c.area === "plan" ? [c.id] : []));
    expect(planIds()).toEqual([]);
    expect(planIds(plan)).toEqual(["plan.records.missing", "plan.nameservers", "plan.ds"]);
    expect(planIds({ file: plan.file, domain: plan.domain, records: [], loginPages: [] })).toEqual(["plan.records.missing"]);
  });
});
