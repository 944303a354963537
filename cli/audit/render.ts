// The human report: verdict first, then problems grouped by severity (launch-stopping first), then passes.
import { isLaunchStopping } from "./run";
import { SEVERITIES, type AuditReport, type Finding, type Severity } from "./types";

const HEADINGS: Record<Severity, string> = {
  "launch-stopping": "LAUNCH-STOPPING",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  info: "INFO",
};

const STATUS_LABEL: Record<Finding["status"], string> = { fail: "FAIL ", error: "ERROR", warn: "WARN ", pass: "ok   " };

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function renderReport(report: AuditReport): string {
  return renderFindings(`Launch audit of ${report.domain}`, report.findings, report.durationMs);
}

/** The report for ranked findings of any run with the audit's shape (the audit, the red-team run). */
export function renderFindings(title: string, findings: readonly Finding<string>[], durationMs: number): string {
  const problems = findings.filter((f) => f.status !== "pass");
  const passes = findings.filter((f) => f.status === "pass");
  const stoppers = problems.filter(isLaunchStopping).length;
  const lines = [`${title} (${findings.length} findings in ${duration(durationMs)})`];
  if (stoppers > 0) {
    lines.push(`NOT READY: ${stoppers} launch-stopping problem${stoppers === 1 ? "" : "s"} (fix those first).`);
  } else if (problems.length > 0) {
    lines.push(`No launch-stopping problem; ${problems.length} other finding${problems.length === 1 ? "" : "s"} to look at.`);
  } else {
    lines.push("READY: every check passed.");
  }
  for (const severity of SEVERITIES) {
    const group = problems.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push("", HEADINGS[severity]);
    for (const finding of group) {
      lines.push(`  ${STATUS_LABEL[finding.status]} ${finding.id}: ${finding.summary}`, `         Fix: ${finding.fix}`);
    }
  }
  if (passes.length > 0) {
    lines.push("", `PASSED (${passes.length})`);
    for (const finding of passes) lines.push(`  ${STATUS_LABEL.pass} ${finding.id}: ${finding.summary}`);
  }
  return `${lines.join("\n")}\n`;
}
