// The SPF findings as a table: each kind has a case here, with the finding it gives for what was received.
// (mail-rules.test.ts runs the same check against records served by a real DNS server.)
import type { SpfResult } from "mailauth/lib/spf";
import { describe, expect, it } from "vitest";
import { judgeSpf, SPF_FINDINGS, spfFindingKinds, type SpfFindingKind, type SpfInput } from "../../cli/audit/checks/spf";
import { NOTHING_TO_DO, type Finding } from "../../cli/audit/types";

const domain = "example.com";
const RECORD = "v=spf1 include:_spf.google.com ~all";

/** mailauth's verdict for the unlisted server, with its comment as mailauth words it. */
function evaluated(
  result: SpfResult["status"]["result"],
  lookups: { count: number; void: number },
  text?: string,
  loops: string[][] = [],
  record = RECORD,
): SpfInput {
  const error = result === "permerror" ? "permanent error" : "error";
  const comment = text === undefined ? undefined : `launch-ready-audit: ${error} in processing during lookup of postmaster@${domain}: ${text}`;
  const status = comment === undefined ? { result } : { result, comment };
  return { domain, records: [record], evaluation: { result: { domain, status, info: "", lookups: { limit: 10, subqueries: {}, ...lookups } }, loops } };
}

const spfFails = "so SPF fails for all mail from the domain";
const pass = (id: string, summary: string): Finding => ({ id, area: "mail", status: "pass", severity: "launch-stopping", summary, fix: NOTHING_TO_DO });
const problem = (id: string, status: Finding["status"], severity: Finding["severity"], summary: string, fix: string): Finding => ({
  id,
  area: "mail",
  status,
  severity,
  summary,
  fix,
});

const published = (record = RECORD) => pass("spf.record", `example.com publishes one SPF record: "${record}".`);
const noLoop = pass("spf.loop", "No SPF include loop.");
const within = (n: number) => pass("spf.lookups", `The SPF record of example.com uses ${n} of the 10 DNS lookups allowed.`);
const noVoid = pass("spf.void", "No term of the SPF record of example.com points at an empty name.");
const softfails = (term = "~all") => pass("spf.all", `Servers not listed in the SPF record get "softfail" (${term}).`);
/** A record within every limit: a pass for each id but spf.all, which `all` judges. */
const withinLimits = (record: string, lookups: number, all: Finding): Finding[] => [published(record), noLoop, within(lookups), noVoid, all];

/** [kind, the input that makes it, the findings that input gives (the kind's among them)]. */
const cases: Array<[SpfFindingKind, SpfInput, Finding[]]> = [
  [
    "missing",
    { domain, records: [] },
    [
      problem(
        "spf.record",
        "fail",
        "launch-stopping",
        "example.com publishes no SPF record: mail from it fails SPF, and Gmail and Yahoo reject or junk bulk mail without SPF and DKIM.",
        'Publish one TXT record at example.com: "v=spf1 include:<each sending service> ~all", or "v=spf1 -all" if the domain sends no mail.',
      ),
    ],
  ],
  [
    "several",
    { domain, records: [RECORD, "v=spf1 -all"] },
    [
      problem(
        "spf.record",
        "fail",
        "launch-stopping",
        "example.com publishes 2 SPF records: receivers treat that as a permanent error (RFC 7208 §4.5), so SPF fails for all its mail.",
        "Merge them into one TXT record that starts with v=spf1 and lists every sender once.",
      ),
    ],
  ],
  [
    "unevaluated",
    evaluated("temperror", { count: 1, void: 0 }, "DNS timeout for _spf.google.com"),
    [
      problem(
        "spf.record",
        "error",
        "launch-stopping",
        "Could not evaluate the SPF record of example.com: DNS timeout for _spf.google.com.",
        "Make sure the resolver answers for every name the record includes, then run the audit again. Until it runs, this check counts as not passed.",
      ),
    ],
  ],
  [
    "invalid",
    evaluated("permerror", { count: 0, void: 0 }, "Unknown mechanism foo", [], "v=spf1 foo ~all"),
    [
      problem(
        "spf.record",
        "fail",
        "launch-stopping",
        `The SPF record of example.com has an error receivers treat as permanent (Unknown mechanism foo), ${spfFails}: "v=spf1 foo ~all".`,
        "Correct the record's syntax (mechanisms: include:, a, mx, ip4:, ip6:, exists:, all; modifiers: redirect=, exp=).",
      ),
      noLoop,
      within(0),
      noVoid,
    ],
  ],
  ["published", evaluated("softfail", { count: 1, void: 0 }), withinLimits(RECORD, 1, softfails())],
  [
    "noLoop",
    evaluated("fail", { count: 1, void: 0 }, undefined, [], "v=spf1 include:_spf.google.com -all"),
    withinLimits("v=spf1 include:_spf.google.com -all", 1, pass("spf.all", 'Servers not listed in the SPF record get "fail" (-all).')),
  ],
  [
    "loop",
    evaluated(
      "permerror",
      { count: 11, void: 0 },
      "Too many DNS requests",
      [["example.com", "a.example.com", "example.com"]],
      "v=spf1 include:a.example.com -all",
    ),
    [
      problem(
        "spf.loop",
        "fail",
        "launch-stopping",
        `The SPF record includes itself (example.com → a.example.com → example.com): evaluation never ends before the 10-lookup limit, ${spfFails}.`,
        "Remove the include: (or redirect=) that points back to a record already in the chain.",
      ),
      problem(
        "spf.lookups",
        "fail",
        "launch-stopping",
        `The SPF record of example.com needs more than 10 DNS lookups (include, a, mx, ptr, exists, redirect; RFC 7208 §4.6.4): receivers stop with a permanent error, ${spfFails}: "v=spf1 include:a.example.com -all".`,
        "Remove includes for services you no longer use, replace a/mx with ip4:/ip6: ranges, or move a sender to its own subdomain with its own SPF record.",
      ),
      noVoid,
    ],
  ],
  [
    "tooManyLookups",
    evaluated("permerror", { count: 11, void: 0 }, "Too many DNS requests"),
    [
      noLoop,
      problem(
        "spf.lookups",
        "fail",
        "launch-stopping",
        `The SPF record of example.com needs more than 10 DNS lookups (include, a, mx, ptr, exists, redirect; RFC 7208 §4.6.4): receivers stop with a permanent error, ${spfFails}: "${RECORD}".`,
        "Remove includes for services you no longer use, replace a/mx with ip4:/ip6: ranges, or move a sender to its own subdomain with its own SPF record.",
      ),
      noVoid,
    ],
  ],
  [
    "nearLookupLimit",
    evaluated("softfail", { count: 9, void: 0 }),
    [
      published(),
      noLoop,
      problem(
        "spf.lookups",
        "warn",
        "low",
        "The SPF record of example.com uses 9 of the 10 DNS lookups allowed: one more include breaks SPF, and providers change their includes without notice.",
        "Drop unused includes or move a sender to a subdomain before adding another service.",
      ),
      noVoid,
      softfails(),
    ],
  ],
  ["lookupsWithin", evaluated("softfail", { count: 8, void: 0 }), withinLimits(RECORD, 8, softfails())],
  [
    "tooManyVoid",
    evaluated("permerror", { count: 4, void: 3 }, "Too many void DNS results"),
    [
      noLoop,
      within(4),
      problem(
        "spf.void",
        "fail",
        "launch-stopping",
        `More than 2 names in the SPF record of example.com do not exist or have no records (void lookups; RFC 7208 §4.6.4): receivers stop with a permanent error, ${spfFails}: "${RECORD}".`,
        "Remove include:, a: and mx: terms that point at names without records (often a retired service).",
      ),
    ],
  ],
  [
    "someVoid",
    evaluated("softfail", { count: 2, void: 1 }),
    [
      published(),
      noLoop,
      within(2),
      problem(
        "spf.void",
        "warn",
        "low",
        "1 name(s) in the SPF record of example.com have no records (void lookups; a third makes SPF fail).",
        "Remove terms that point at names without records.",
      ),
      softfails(),
    ],
  ],
  ["noVoid", evaluated("softfail", { count: 0, void: 0 }, undefined, [], "v=spf1 ~all"), withinLimits("v=spf1 ~all", 0, softfails())],
  [
    "anyoneMaySend",
    // An `all` without a qualifier is `+all` (RFC 7208 §4.6.2): the finding says so.
    evaluated("pass", { count: 1, void: 0 }, undefined, [], "v=spf1 include:_spf.google.com all"),
    withinLimits(
      "v=spf1 include:_spf.google.com all",
      1,
      problem(
        "spf.all",
        "fail",
        "launch-stopping",
        `SPF lets any server send mail as example.com: a server in none of your senders' ranges (192.0.2.1) gets "pass" (+all). Spoofed mail passes SPF, and DMARC with it.`,
        'End the record with "~all" (or "-all") instead of "+all", and list each sender with include:, ip4: or ip6:.',
      ),
    ),
  ],
  [
    "neutral",
    evaluated("neutral", { count: 1, void: 0 }, undefined, [], "v=spf1 include:_spf.google.com"),
    withinLimits(
      "v=spf1 include:_spf.google.com",
      1,
      problem(
        "spf.all",
        "fail",
        "high",
        'SPF does not tell receivers to distrust other servers (no all term gives "neutral"), so mail from any server is treated like yours.',
        'End the record with "~all" (or "-all" once every sender is listed).',
      ),
    ),
  ],
  [
    "strict",
    evaluated("softfail", { count: 1, void: 0 }, undefined, [], "v=spf1 redirect=_spf.example.net"),
    withinLimits("v=spf1 redirect=_spf.example.net", 1, softfails("its redirect= target")),
  ],
];

describe("SPF findings", () => {
  it("has a case for every kind of finding", () => {
    expect(cases.map(([kind]) => kind).sort()).toEqual(Object.keys(SPF_FINDINGS).sort());
  });

  it.each(cases)("%s", (kind, input, findings) => {
    expect(spfFindingKinds(input)).toContain(kind);
    expect(judgeSpf(input)).toEqual(findings);
  });

  it("gives one finding per id, and none but spf.record before the record is evaluated", () => {
    for (const [, input] of cases) {
      const ids = judgeSpf(input).map((f) => f.id);
      expect(new Set(ids).size, JSON.stringify(input)).toBe(ids.length);
      if (input.evaluation === undefined) expect(ids).toEqual(["spf.record"]);
    }
  });
});
