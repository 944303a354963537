import { rules } from "../../policies/rules";
import { ConfigError } from "../../config";
import program from "../../index";
import { PLAN_MODES, ProgramFailed, runProgram, type PlanMode, type ProgramRun } from "./engine";
import { evaluate } from "./evaluate";
import { planDocument, type PlanDocument } from "./document";
import type { Verdicts } from "../../model/plan-document";
import { stackOutputsSchema } from "../../model/stack-outputs";
import { readStackFile } from "./stack-file";

export type StackPlan =
  | { ok: true; stack: string; file: string; document: PlanDocument }
  | { ok: false; stack: string; file: string; error: string };

/**
 * Plans one stack: runs the real program (index.ts) under the mocks with the stack file's config, once per mode, and
 * evaluates every rule of the pack on each run. The document describes the after-up run when it was made (the launch
 * documents need the values a provider computes) and carries every mode's verdicts. Invalid config comes back as
 * { ok: false } with the program's own message.
 */
export async function planStack(project: string, file: string, modes: readonly PlanMode[] = PLAN_MODES): Promise<StackPlan> {
  const stackConfig = readStackFile(file);
  const { stack } = stackConfig;
  const verdicts: Partial<Record<PlanMode, Verdicts>> = {};
  let last: { mode: PlanMode; run: ProgramRun } | undefined;
  try {
    for (const mode of modes) {
      const run = await runProgram({ mode, project, stack, config: stackConfig.config, secretKeys: stackConfig.secretKeys, program });
      verdicts[mode] = evaluate(run, rules);
      last = { mode, run };
    }
  } catch (err) {
    if (err instanceof ProgramFailed && err.cause instanceof ConfigError) return { ok: false, stack, file, error: err.cause.message };
    throw err instanceof ProgramFailed ? err.cause : err;
  }
  if (last === undefined) throw new Error("planStack needs at least one mode");
  // The domain is a stack output the config sets: known in every mode, never secret.
  const { domain } = stackOutputsSchema.pick({ domain: true }).parse(last.run.outputs);
  return { ok: true, stack, file, document: planDocument(project, stack, domain, last.mode, last.run, verdicts, rules) };
}
