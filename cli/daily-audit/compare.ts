// What the daily audit of a live domain tells its owners: the launch-stopping findings of today's run, and the hosts
// whose p95 response time regressed since the previous run by more than the margin. Plain values in and out.
import { isLaunchStopping } from "../audit/run";
import type { AuditReport, Finding } from "../audit/types";

/** Default regression margin: runners' response times vary by some 10-20 % between days; 25 % is a change. */
export const DEFAULT_P95_MARGIN_PERCENT = 25;
/** Below this absolute increase a regression is noise, whatever the percentage (a 40 ms page going to 60 ms). */
export const MIN_P95_INCREASE_MS = 50;

export interface Regression {
  /** e.g. `perf.latency.apex` */
  id: string;
  previousMs: number;
  currentMs: number;
}

export interface Verdict {
  domain: string;
  stoppers: Finding[];
  regressions: Regression[];
  /** Hosts whose p95 the run measured, by finding id: today's values for the record. */
  p95: Record<string, number>;
}

const P95 = /\bp95 (\d+) ms\b/;

/** The p95 of a `perf.latency.*` finding (the audit writes "p50 X ms, p95 Y ms" in its summary), if it measured one. */
export function latencyP95(finding: Finding): number | undefined {
  if (!finding.id.startsWith("perf.latency.") || finding.status === "error") return undefined;
  const match = P95.exec(finding.summary);
  return match ? Number(match[1]) : undefined;
}

function p95s(report: AuditReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of report.findings) {
    const p95 = latencyP95(f);
    if (p95 !== undefined) out[f.id] = p95;
  }
  return out;
}

export function compare(current: AuditReport, previous: AuditReport | undefined, marginPercent: number): Verdict {
  const now = p95s(current);
  const before = previous ? p95s(previous) : {};
  const regressions: Regression[] = [];
  for (const [id, currentMs] of Object.entries(now)) {
    const previousMs = before[id];
    if (previousMs === undefined) continue;
    if (currentMs > previousMs * (1 + marginPercent / 100) && currentMs - previousMs >= MIN_P95_INCREASE_MS) regressions.push({ id, previousMs, currentMs });
  }
  return { domain: current.domain, stoppers: current.findings.filter(isLaunchStopping), regressions, p95: now };
}

export const needsAttention = (v: Verdict) => v.stoppers.length > 0 || v.regressions.length > 0;

/** The one issue a domain has: its title is how the workflow finds it again. */
export const issueTitle = (domain: string) => `Launch audit: ${domain} needs attention`;

export interface RunInfo {
  stack: string;
  /** Link to the workflow run, for the full report. */
  runUrl?: string;
  date: string;
  marginPercent: number;
}

/** The issue text: what is wrong today, each with its fix, then the p95 regressions, then how to check again. */
export function issueBody(verdict: Verdict, run: RunInfo): string {
  const lines = [
    `The daily launch audit of **${verdict.domain}** (stack \`${run.stack}\`) on ${run.date} found what needs a person.`,
    run.runUrl ? `Full report: ${run.runUrl}` : "",
    "",
  ];
  if (verdict.stoppers.length > 0) {
    lines.push(`## Launch-stopping (${verdict.stoppers.length})`, "");
    for (const f of verdict.stoppers) lines.push(`- **${f.id}** (${f.status === "error" ? "could not be checked" : "failed"}): ${f.summary}`, `  - Fix: ${f.fix}`);
    lines.push("");
  }
  if (verdict.regressions.length > 0) {
    lines.push(`## Slower than the previous run (p95 up by more than ${run.marginPercent} %)`, "", "| check | previous p95 | today's p95 |", "|---|---|---|");
    for (const r of verdict.regressions) lines.push(`| ${r.id} | ${r.previousMs} ms | ${r.currentMs} ms |`);
    lines.push("", "Look at the origin's slowest requests and at what was deployed since the previous run.", "");
  }
  lines.push(`Check again by hand: \`npm run audit -- ${verdict.domain}\`. This issue is updated by every daily run and closed by the first run that finds nothing launch-stopping and no regression.`);
  return `${lines.filter((l, i) => l !== "" || lines[i - 1] !== "").join("\n").trim()}\n`;
}

/** The audit could not produce a report at all (it crashed, or the runner had no network): that needs a person too. */
export function noReportBody(domain: string, run: RunInfo, reason: string): string {
  return [
    `The daily launch audit of **${domain}** (stack \`${run.stack}\`) on ${run.date} produced no report: ${reason}.`,
    run.runUrl ? `Run: ${run.runUrl}` : "",
    "",
    "Until it runs, nothing shows the domain is still ready. Open the run's log, fix the cause, and run the workflow again (Actions → daily-audit → Run workflow).",
  ]
    .filter((l, i, all) => l !== "" || all[i - 1] !== "")
    .join("\n")
    .concat("\n");
}
