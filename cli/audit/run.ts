// Runs every check at once (the DNS client and the web client bound the concurrency), stops waiting at the
// run's time bound, and ranks the findings.
import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { CHECKS } from "./checks";
import { AuditContext, errorFinding, type AuditOptions, type Check } from "./context";
import { SEVERITIES, STATUSES, type AuditReport, type Finding } from "./types";

/** The checks of one run, from the one list in checks/index.ts. */
export function buildChecks(ctx: AuditContext): Check[] {
  return CHECKS.flatMap((make) => make(ctx));
}

const isProblem = (f: Finding<string>) => f.status !== "pass";

/** Problems first, by severity (launch-stopping first), then fail, error, warn; passes last; ties by id. */
export function rankFindings<F extends Finding<string>>(findings: readonly F[]): F[] {
  const key = (f: F) => [isProblem(f) ? 0 : 1, SEVERITIES.indexOf(f.severity), STATUSES.indexOf(f.status)];
  return [...findings].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** A launch-stopping check that failed, or that could not run (an `error` is never a pass). */
export function isLaunchStopping(finding: Finding<string>): boolean {
  return finding.severity === "launch-stopping" && (finding.status === "fail" || finding.status === "error");
}

/** 0: nothing launch-stopping; 1: at least one launch-stopping failure or error. (2, usage, is the CLI's.) */
export function exitCode(report: { findings: readonly Finding<string>[] }): 0 | 1 {
  return report.findings.some(isLaunchStopping) ? 1 : 0;
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const controller = new AbortController();
  // Every in-flight query and connection listens for the abort; there are many by design.
  setMaxListeners(0, controller.signal);
  const ctx = new AuditContext(options, controller.signal);
  const checks = buildChecks(ctx);
  const results: Array<Finding[] | undefined> = checks.map(() => undefined);
  let done = 0;
  const runs = checks.map(async (check, i) => {
    let findings: Finding[];
    try {
      findings = await check.run();
    } catch (err) {
      findings = [errorFinding(check.id, check.area, check.severity, check.what, err, ctx)];
    }
    // A check that ends after the bound is already reported as not finished.
    if (controller.signal.aborted) return;
    results[i] = findings;
    options.onProgress?.(++done, checks.length);
  });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.deadlineMs);
  });
  await Promise.race([Promise.all(runs), bound]);
  clearTimeout(timer);
  // Closes the sockets of whatever is still running; those checks are reported as not finished.
  controller.abort();
  const findings = checks.flatMap(
    (check, i) =>
      results[i] ?? [
        {
          id: check.id,
          area: check.area,
          status: "error" as const,
          severity: check.severity,
          summary: `Could not check ${check.what}: not finished within the run's ${options.deadlineMs} ms bound.`,
          fix: "Make sure the resolver and the hosts answer (or raise --deadline-ms), then run the audit again. Until it runs, this check counts as not passed.",
        },
      ],
  );
  return { domain: options.domain, durationMs: Math.round(performance.now() - started), findings: rankFindings(findings) };
}
