import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchAudit } from "./audit";
import { median } from "./stats";

/**
 * `npm run bench`: speed targets, measured here and never asserted in tests.
 * - the plan of one stack end to end (`npm run plan` as a user runs it), as a ratio to the time Node takes to load
 *   the four Pulumi SDKs (target ≤ 1.3×);
 * - the marginal time per extra stack of `plan --all --out-dir` over 50 generated stacks, documents written
 *   (target ≤ 40 ms), and the peak memory of that run;
 * - the live audit's wall time with 50 ms added to every DNS answer (bench/audit.ts).
 * The commands are timed in turns (floor, plan, 50 stacks, one stack, again), so a change in the machine's load
 * touches every figure alike; each figure is the median of its runs. The load is printed: other work on the machine
 * slows wall times, and CPU time (also printed) less so. BENCH_RUNS sets the number of runs (default 7);
 * BENCH_PLAN_ONLY=1 skips the audit.
 */

const PROJECT_DIR = join(__dirname, "..");
const HOOK = join(PROJECT_DIR, "scripts", "ts-hook.cjs");
const USAGE = join(__dirname, "usage.cjs");
const PLAN = join(PROJECT_DIR, "cli", "plan.ts");
const RUNS = Number(process.env["BENCH_RUNS"] ?? 7);
/** The 50-stack run takes a while: fewer runs of it. */
const ALL_RUNS = Math.min(RUNS, 3);
const STACKS = 50;
const SDK_LOAD = "require('@pulumi/pulumi'); require('@pulumi/aws'); require('@pulumi/cloudflare'); require('@pulumi/random');";

interface Sample {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
}

/** Runs one Node command to completion, failing loudly if it fails; its wall time, CPU time and peak RSS. */
function runNode(args: string[], cwd: string, usageFile: string, env: Record<string, string> = {}): Sample {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["-r", USAGE, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`bench command failed (${result.status}): node ${args.join(" ")}\n${String(result.stderr)}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { cpuMs: number; maxRssKb: number };
  return { wallMs, ...usage };
}

const medianOf = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key]));
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

/** A project folder with the example stack under 50 client domains, for `plan --all`. */
function clientProject(dir: string): void {
  copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  const example = readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
  for (let i = 1; i <= STACKS; i++) {
    writeFileSync(join(dir, `Pulumi.client${String(i).padStart(2, "0")}.yaml`), example.replaceAll("brightpath-coaching.com", `client${i}-coaching.com`));
  }
}

function planBench(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-bench-"));
  try {
    clientProject(dir);
    const usageFile = join(dir, "usage.json");
    const loadBefore = load();
    const sdk: Sample[] = [];
    // The plan runs with Node's compile cache (scripts/ts-hook.cjs); the floor is given both ways.
    const sdkCached: Sample[] = [];
    const compileCache = { NODE_COMPILE_CACHE: join(dir, "compile-cache") };
    runNode(["-e", SDK_LOAD], PROJECT_DIR, usageFile, compileCache);
    const plan: Sample[] = [];
    const all: Sample[] = [];
    const one: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      sdk.push(runNode(["-e", SDK_LOAD], PROJECT_DIR, usageFile));
      sdkCached.push(runNode(["-e", SDK_LOAD], PROJECT_DIR, usageFile, compileCache));
      plan.push(runNode(["-r", HOOK, PLAN, "--stack", "prod"], PROJECT_DIR, usageFile));
      if (i >= ALL_RUNS) continue;
      // Run from the generated project's folder: the plan finds its Pulumi.yaml from the working directory.
      all.push(runNode(["-r", HOOK, PLAN, "--all", "--out-dir", join(dir, "out")], dir, usageFile));
      one.push(runNode(["-r", HOOK, PLAN, "--stack", "client01", "--out-dir", join(dir, "out")], dir, usageFile));
    }
    const ratio = medianOf(plan, "wallMs") / medianOf(sdk, "wallMs");
    const ratioCached = medianOf(plan, "wallMs") / medianOf(sdkCached, "wallMs");
    const marginal = (medianOf(all, "wallMs") - medianOf(one, "wallMs")) / (STACKS - 1);
    const marginalCpu = (medianOf(all, "cpuMs") - medianOf(one, "cpuMs")) / (STACKS - 1);
    const ms = (samples: Sample[]) => `${medianOf(samples, "wallMs").toFixed(0)} ms (CPU ${medianOf(samples, "cpuMs").toFixed(0)} ms)`;
    return [
      `machine: ${cpus().length} cores, load average ${loadBefore} before, ${load()} after`,
      `load the four Pulumi SDKs:           ${ms(sdk)}; with Node's compile cache ${ms(sdkCached)}, median of ${RUNS}`,
      `plan one stack (npm run plan):       ${ms(plan)}, median of ${RUNS}`,
      `ratio:                               ${ratio.toFixed(2)}x (target <= 1.3x) ${ratio <= 1.3 ? "OK" : "OVER"}; ${ratioCached.toFixed(2)}x the load with the compile cache`,
      `plan --all --out-dir, ${STACKS} stacks:    ${ms(all)}; one stack alone ${ms(one)}, median of ${ALL_RUNS}`,
      `marginal time per extra stack:       ${marginal.toFixed(1)} ms (CPU ${marginalCpu.toFixed(1)} ms) (target <= 40 ms) ${marginal <= 40 ? "OK" : "OVER"}`,
      `peak memory (RSS) of the ${STACKS}-stack run: ${(medianOf(all, "maxRssKb") / 1024).toFixed(0)} MB; one stack ${(medianOf(one, "maxRssKb") / 1024).toFixed(0)} MB`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(["Offline plan", ...planBench().map((l) => `  ${l}`), ""].join("\n"));
  if (process.env["BENCH_PLAN_ONLY"] === undefined) process.stdout.write(["Live audit", ...(await benchAudit()).map((l) => `  ${l}`), ""].join("\n"));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
