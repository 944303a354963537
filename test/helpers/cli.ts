import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const PROJECT_DIR = join(__dirname, "..", "..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command of cli/ (e.g. "plan.ts") as its npm script does: node with the project's TypeScript hook, from the project folder. */
export async function runProjectCli(entry: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return exec(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), join(PROJECT_DIR, "cli", entry), ...args], { cwd: PROJECT_DIR, env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}
