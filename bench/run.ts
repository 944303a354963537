import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchAudit } from "./audit";
import { median } from "./stats";

/**
 * `npm run bench`: speed targets, measured here and never asserted in tests.
 * - plan of one stack, end to end (`npm run plan` as a user runs it), as a ratio to the time Node takes to load the
 *   four Pulumi SDKs (target ≤ 1.5×);
 * - marginal time per stack of `plan --all` over 50 generated stacks (target ≤ 60 ms);
 * - the live audit's wall time with 50 ms added to every DNS answer (bench/audit.ts).
 * Each figure is the median of several runs, so one slow run on a busy machine does not decide it.
 */

const PROJECT_DIR = join(__dirname, "..");
const HOOK = join(PROJECT_DIR, "scripts", "ts-hook.cjs");
const PLAN = join(PROJECT_DIR, "cli", "plan.ts");
const RUNS = Number(process.env["BENCH_RUNS"] ?? 7);

/** Median wall time of a Node command, in ms; fails loudly if the command fails. */
function timeNode(args: string[], runs = RUNS, okCodes = [0], cwd = PROJECT_DIR): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (!okCodes.includes(result.status ?? -1)) throw new Error(`bench command failed (${result.status}): node ${args.join(" ")}\n${String(result.stderr)}`);
    times.push(elapsed);
  }
  return median(times);
}

function planBench(): string[] {
  const sdk = timeNode(["-e", "require('@pulumi/pulumi'); require('@pulumi/aws'); require('@pulumi/cloudflare'); require('@pulumi/random');"]);
  const plan = timeNode(["-r", HOOK, PLAN, "--stack", "prod"]);
  const ratio = plan / sdk;

  // 50 client stacks: the example stack with 50 different domains, planned in one --all run.
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-bench-"));
  try {
    copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    const example = readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
    for (let i = 1; i <= 50; i++) {
      writeFileSync(join(dir, `Pulumi.client${String(i).padStart(2, "0")}.yaml`), example.replaceAll("brightpath-coaching.com", `client${i}-coaching.com`));
    }
    // Run from the generated project's folder: the plan finds its Pulumi.yaml from the working directory.
    const all = timeNode(["-r", HOOK, PLAN, "--all", "--json", join(dir, "all.json")], Math.min(RUNS, 3), [0], dir);
    const one = timeNode(["-r", HOOK, PLAN, "--stack", "client01"], Math.min(RUNS, 3), [0], dir);
    const marginal = (all - one) / 49;
    return [
      `load the four Pulumi SDKs:      ${sdk.toFixed(0)} ms (median of ${RUNS})`,
      `plan one stack (npm run plan):  ${plan.toFixed(0)} ms (median of ${RUNS})`,
      `ratio:                          ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? "OK" : "OVER"}`,
      `plan --all, 50 stacks:          ${all.toFixed(0)} ms; one stack alone ${one.toFixed(0)} ms`,
      `marginal time per stack:        ${marginal.toFixed(1)} ms (target <= 60 ms) ${marginal <= 60 ? "OK" : "OVER"}`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(["Offline plan", ...planBench().map((l) => `  ${l}`), ""].join("\n"));
  process.stdout.write(["Live audit", ...(await benchAudit()).map((l) => `  ${l}`), ""].join("\n"));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
