import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../helpers/harness";

const exec = promisify(execFile);

/** Runs runCommand in a child process with a main that returns `body`'s result, as each CLI's entry point does. */
async function run(body: string, usage?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const errors = `const { HelpRequested, UsageError } = require(${JSON.stringify(join(PROJECT_DIR, "cli", "usage-error.ts"))});`;
  const script = `${errors} require(${JSON.stringify(join(PROJECT_DIR, "cli", "output.ts"))}).runCommand("probe", async () => { ${body} }, ${JSON.stringify(usage)});`;
  try {
    const { stdout, stderr } = await exec(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), "-e", script], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// One exit-code convention for plan, audit, red team and mail proof: 1 is a finding, 3 is a bug.
describe("runCommand", () => {
  it("exits with what the command decided", async () => {
    expect(await run("return 1;")).toEqual({ code: 1, stdout: "", stderr: "" });
    expect(await run("return 0;")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("reports an unexpected error as an internal error, exit 3, never as a finding", async () => {
    const { code, stderr } = await run('throw new Error("boom");');
    expect(code).toBe(3);
    expect(stderr).toMatch(/^probe: internal error \(please report it\): Error: boom\n/);
  });

  it("says a usage mistake in one line with the usage after it, exit 2, and never a stack trace", async () => {
    expect(await run('throw new UsageError("--stak is not an option.");', "Usage: probe [--stack NAME]")).toEqual({
      code: 2,
      stdout: "",
      stderr: "probe: --stak is not an option.\n\nUsage: probe [--stack NAME]\n",
    });
    expect(await run('throw new UsageError("no stack file Pulumi.prod.yaml.");')).toEqual({ code: 2, stdout: "", stderr: "probe: no stack file Pulumi.prod.yaml.\n" });
  });

  it("prints the usage on standard output for --help, exit 0", async () => {
    expect(await run('throw new HelpRequested("help");', "Usage: probe [--stack NAME]\n")).toEqual({ code: 0, stdout: "Usage: probe [--stack NAME]\n", stderr: "" });
  });
});
