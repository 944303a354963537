import { rules } from "../../policies/rules";
import { ConfigError } from "../../config";
import program from "../../index";
import { ProgramFailed, runProgram } from "./engine";
import { evaluate } from "./evaluate";
import { planDocument, type PlanDocument } from "./document";
import { readStackFile } from "./stack-file";

export type StackPlan =
  | { ok: true; stack: string; file: string; document: PlanDocument }
  | { ok: false; stack: string; file: string; error: string };

/**
 * Plans one stack: runs the real program (index.ts) under the mocks with the stack file's config and evaluates every
 * rule of the pack. Invalid config comes back as { ok: false } with the program's own message.
 */
export async function planStack(project: string, file: string): Promise<StackPlan> {
  const stackConfig = readStackFile(file);
  const { stack } = stackConfig;
  try {
    const run = await runProgram({ project, stack, config: stackConfig.config, secretKeys: stackConfig.secretKeys, program });
    const domain = typeof run.outputs["domain"] === "string" ? run.outputs["domain"] : String(stackConfig.config["launch-ready:domain"] ?? "");
    return { ok: true, stack, file, document: planDocument(project, stack, domain, run, evaluate(run, rules), rules) };
  } catch (err) {
    if (err instanceof ProgramFailed && err.cause instanceof ConfigError) return { ok: false, stack, file, error: err.cause.message };
    throw err instanceof ProgramFailed ? err.cause : err;
  }
}
