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
export function pass(id: string, area: Area, severity: Severity, summary: string): Finding {
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
