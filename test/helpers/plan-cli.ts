import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { runProjectCli, type CliResult } from "./cli";
import { PROD_STACK_FILE } from "./harness";

/**
 * Runs `npm run plan -- --config-file Pulumi.<stack>.yaml` as a user does, on a copy of Pulumi.prod.yaml whose config
 * keys are replaced (full `namespace:key` names; `{ secure: ... }` for a secret). Resolves with the exit code and
 * both streams.
 */
export async function planCli(stack: string, config: Record<string, unknown>): Promise<CliResult> {
  const file = join(mkdtempSync(join(tmpdir(), "launch-ready-cli-")), `Pulumi.${stack}.yaml`);
  const prod = parse(readFileSync(PROD_STACK_FILE, "utf8")) as { config: Record<string, unknown> };
  writeFileSync(file, stringify({ config: { ...prod.config, ...config } }));
  return runPlanCli(["--config-file", file]);
}

/** Runs `npm run plan -- ARGS` as a user does (node with the project's TypeScript hook, from the project folder). */
export async function runPlanCli(args: string[]): Promise<CliResult> {
  return runProjectCli("plan.ts", args);
}
