// The audit's output contract (design.md, "Audit contract"). Keep these names and values stable:
// CI pipelines and the handover pack read them.

export const STATUSES = ["fail", "error", "warn", "pass"] as const;
export type Status = (typeof STATUSES)[number];

// Ordered from most to least business impact; the report and the JSON are sorted by this order.
export const SEVERITIES = ["launch-stopping", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Area = "dns" | "tls" | "http" | "mail" | "performance" | "plan";

/** One check's result. The red-team run (cli/redteam/) uses the same shape with its own areas. */
export interface Finding<A extends string = Area> {
  /** Stable identifier, e.g. `spf.lookups` or `tls.expiry.www`. */
  id: string;
  area: A;
  status: Status;
  /** What a failure of this check costs the launch; kept on passes so a report shows what was covered. */
  severity: Severity;
  summary: string;
  /** What to do, in plain words. */
  fix: string;
}

export interface AuditReport {
  domain: string;
  durationMs: number;
  findings: Finding[];
}

export const NOTHING_TO_DO = "Nothing to do.";

/** A finding that passed. */
function pass(id: string, area: Area, severity: Severity, summary: string): Finding {
  return { id, area, status: "pass", severity, summary, fix: NOTHING_TO_DO };
}

/** One thing wrong with what a check looked at; a check with several reports the worst with all the texts. */
export interface Problem {
  status: "fail" | "warn";
  severity: Severity;
  text: string;
  fix: string;
}

function problemRank(p: Problem): number {
  return SEVERITIES.indexOf(p.severity) * 2 + (p.status === "fail" ? 0 : 1);
}

/** A pass when there is no problem; otherwise the worst problem's status and severity, with every text and fix. */
export function judge(id: string, area: Area, severity: Severity, problems: Problem[], passSummary: string): Finding {
  if (problems.length === 0) return pass(id, area, severity, passSummary);
  const worst = [...problems].sort((a, b) => problemRank(a) - problemRank(b))[0]!;
  return {
    id,
    area,
    status: worst.status,
    severity: worst.severity,
    summary: problems.map((p) => p.text).join(" "),
    fix: [...new Set(problems.map((p) => p.fix))].join(" "),
  };
}

/**
 * The findings of one id: a check states only what differs between them (status, severity, texts), never the id
 * and area again. A pass, and an error, carry the severity the reporter was made with: the worst the id can be.
 */
export interface Reporter {
  pass(summary: string): Finding;
  fail(severity: Severity, summary: string, fix: string): Finding;
  warn(severity: Severity, summary: string, fix: string): Finding;
  error(summary: string, fix: string): Finding;
  /** A pass without problems, else the worst problem with every text (see `judge`). */
  judge(problems: Problem[], passSummary: string): Finding;
}

export function reporter(id: string, area: Area, severity: Severity): Reporter {
  const problem = (status: "fail" | "warn" | "error", problemSeverity: Severity, summary: string, fix: string): Finding => ({
    id,
    area,
    status,
    severity: problemSeverity,
    summary,
    fix,
  });
  return {
    pass: (summary) => pass(id, area, severity, summary),
    fail: (problemSeverity, summary, fix) => problem("fail", problemSeverity, summary, fix),
    warn: (problemSeverity, summary, fix) => problem("warn", problemSeverity, summary, fix),
    error: (summary, fix) => problem("error", severity, summary, fix),
    judge: (problems, passSummary) => judge(id, area, severity, problems, passSummary),
  };
}

/**
 * One way a check can end, as data: a check with several fixed outcomes keeps them in a table of these and picks
 * which apply; `summary` and `fix` put in what it received (the record, the count). A pass needs no fix.
 */
export type FindingKind<Facts> = { id: string; severity: Severity; summary: (facts: Facts) => string } & (
  { status: "pass" } | { status: "fail" | "warn" | "error"; fix: string | ((facts: Facts) => string) }
);

export function findingOf<Facts>(area: Area, kind: FindingKind<Facts>, facts: Facts): Finding {
  const fix = kind.status === "pass" ? NOTHING_TO_DO : typeof kind.fix === "string" ? kind.fix : kind.fix(facts);
  return { id: kind.id, area, status: kind.status, severity: kind.severity, summary: kind.summary(facts), fix };
}
