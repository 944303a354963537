import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { rules } from "../../policies/rules";
import { ConfigError } from "../../config";
import program from "../../index";
import { PLAN_MODES, ProgramFailed, runProgram, type PlanMode, type ProgramRun } from "./engine";
import { configuredPack, evaluate } from "./evaluate";
import type { PolicyLevels } from "../../policies/policy-config";
import { planDocument, type PlanDocument } from "./document";
import type { Verdicts } from "../../model/plan-document";
import { stackOutputsSchema } from "../../model/stack-outputs";
import { readStackFile } from "./stack-file";
import { finishStack, type Finishing, type StackResult } from "./stack-result";

export type StackPlan =
  | { ok: true; stack: string; file: string; document: PlanDocument }
  | { ok: false; stack: string; file: string; error: string };

/**
 * Plans one stack: runs the real program (index.ts) under the mocks with the stack file's config, once per mode, and
 * evaluates every rule of the pack on each run. The document describes the after-up run when it was made (the launch
 * documents need the values a provider computes) and carries every mode's verdicts. Invalid config comes back as
 * { ok: false } with the program's own message. `policyLevels` are a policy pack config's (`--policy-config`).
 */
export async function planStack(project: string, file: string, modes: readonly PlanMode[] = PLAN_MODES, policyLevels?: PolicyLevels): Promise<StackPlan> {
  const pack = configuredPack(rules, policyLevels);
  const stackConfig = readStackFile(file);
  const { stack } = stackConfig;
  const verdicts: Partial<Record<PlanMode, Verdicts>> = {};
  let last: { mode: PlanMode; run: ProgramRun } | undefined;
  try {
    for (const mode of modes) {
      const run = await runProgram({ mode, project, stack, config: stackConfig.config, secretKeys: stackConfig.secretKeys, program });
      verdicts[mode] = evaluate(run, pack.rules, pack.pendingLevel);
      last = { mode, run };
    }
  } catch (err) {
    if (err instanceof ProgramFailed && err.cause instanceof ConfigError) return { ok: false, stack, file, error: err.cause.message };
    throw err instanceof ProgramFailed ? err.cause : err;
  }
  if (last === undefined) throw new Error("planStack needs at least one mode");
  // The domain is a stack output the config sets: known in every mode, never secret.
  const { domain } = stackOutputsSchema.pick({ domain: true }).parse(last.run.outputs);
  return { ok: true, stack, file, document: planDocument(project, stack, domain, last.mode, last.run, verdicts, pack.rules) };
}

/**
 * A worker thread first loads the SDKs and the program, about as long as planning five stacks takes, so a worker is
 * started only for each this many stacks.
 */
const STACKS_PER_WORKER = 10;
const WORKER_SCRIPT = `require(${JSON.stringify(join(__dirname, "..", "..", "scripts", "ts-hook.cjs"))}); require(${JSON.stringify(join(__dirname, "plan-worker.ts"))});`;

/**
 * How many worker threads plan beside this one: one per further core that is free (the cores less the 1-minute load
 * average), when there are enough stacks to pay. Measured with 50 stacks on 2 cores: at load 1 to 2, 9.7 s with a
 * worker against 12.5 s without; at load 4 to 5 a worker only adds its start-up, 16.6 s against 14.8 s. On a 2-vCPU
 * VM whose vCPUs give this allocation-heavy work one core's throughput (two plans in two processes side by side each
 * take twice as long there), a worker gains nothing: 8.0 to 9.8 s against 7.8 to 8.6 s, and 250 MB more memory.
 */
export function workerCount(stacks: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  return Math.max(0, Math.min(cores - 1, Math.round(cores - load), Math.floor(stacks / STACKS_PER_WORKER)));
}

/** How planStacks plans and finishes the stacks. */
export interface PlanStacksOptions {
  modes?: readonly PlanMode[];
  /** A policy pack config's levels (`--policy-config`). */
  policyLevels?: PolicyLevels;
  /** What is done with each stack once planned, in the thread that planned it. */
  finishing: Finishing;
  /** Told each stack as its planning begins. */
  started?: (count: number, file: string) => void;
  /** How many worker threads to start (default: workerCount). */
  workers?: number;
}

/** What planStacks does with every stack: the same in this thread and in the workers, which are sent it as it is. */
interface StackJob {
  project: string;
  modes: readonly PlanMode[];
  policyLevels?: PolicyLevels | undefined;
  finishing: Finishing;
}
/** A stack for a worker to plan. */
export interface WorkerRequest extends StackJob {
  index: number;
  file: string;
}
/** A worker's messages: ready once it has loaded, then per stack its result, none when planning or finishing threw. */
export type WorkerReply = { ready: true } | { index: number; result?: StackResult };

/** Plans a stack and finishes it, in whichever thread. */
export async function planAndFinish({ project, modes, policyLevels, finishing }: StackJob, file: string): Promise<StackResult> {
  return finishStack(await planStack(project, file, modes, policyLevels), finishing);
}

/**
 * Plans the stacks, in order, like planStack on each, and finishes each where it was planned: with many stacks, in
 * worker threads beside this one as well. A stack whose planning threw in a worker is planned again here, so its error
 * is thrown as planStack throws it.
 */
export async function planStacks(project: string, files: readonly string[], options: PlanStacksOptions): Promise<StackResult[]> {
  const { modes = PLAN_MODES, policyLevels, finishing, started, workers = workerCount(files.length) } = options;
  const job: StackJob = { project, modes, policyLevels, finishing };
  const results: (StackResult | undefined)[] = new Array(files.length);
  let next = 0;
  const take = (): number | undefined => {
    if (next >= files.length) return undefined;
    started?.(next + 1, files[next] as string);
    return next++;
  };
  const pool = Array.from({ length: workers }, () => planInWorker(job, files, take, results));
  try {
    for (let index = take(); index !== undefined; index = take()) {
      results[index] = await planAndFinish(job, files[index] as string);
      // A program run never leaves the microtask queue: let the workers' messages in between stacks.
      if (pool.length > 0) await new Promise(setImmediate);
    }
  } catch (err) {
    // A live worker would keep the process running after the error.
    await Promise.all(pool.map((w) => w.stop()));
    throw err;
  }
  await Promise.all(pool.map((w) => w.drained()));
  const finished: StackResult[] = [];
  for (const [index, result] of results.entries()) finished.push(result ?? (await planAndFinish(job, files[index] as string)));
  return finished;
}

/**
 * Feeds one worker thread from the shared queue. Two stacks are kept in flight, so the worker never waits while this
 * thread is busy planning. `drained` resolves once the queue is empty and the worker has answered for its stacks (at
 * once if it is still loading), `stop` ends it at once; a worker that fails leaves its stacks unplanned, for
 * planStacks to plan here.
 */
function planInWorker(
  job: StackJob,
  files: readonly string[],
  take: () => number | undefined,
  results: (StackResult | undefined)[],
): { drained(): Promise<void>; stop(): Promise<void> } {
  const worker = new Worker(WORKER_SCRIPT, { eval: true });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const stop = () => {
    void worker.terminate();
    return exited;
  };
  let inFlight = 0;
  const send = () => {
    const index = take();
    if (index === undefined) return;
    inFlight++;
    worker.postMessage({ ...job, index, file: files[index] as string } satisfies WorkerRequest);
  };
  worker.on("message", (reply: WorkerReply) => {
    if ("ready" in reply) send();
    else {
      inFlight--;
      results[reply.index] = reply.result;
    }
    send();
    if (inFlight === 0) stop();
  });
  // A worker that crashes exits next; the stacks it had are planned here.
  worker.on("error", () => {});
  return {
    drained: () => (inFlight === 0 ? stop() : exited),
    stop,
  };
}
