import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../helpers/harness";

const exec = promisify(execFile);

/** Runs runCommand in a child process with a main that returns `body`'s result, as each CLI's entry point does. */
async function run(body: string): Promise<{ code: number; stderr: string }> {
  const script = `require(${JSON.stringify(join(PROJECT_DIR, "cli", "output.ts"))}).runCommand("probe", async () => { ${body} });`;
  try {
    const { stderr } = await exec(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), "-e", script], { timeout: 20_000 });
    return { code: 0, stderr };
  } catch (err) {
    const failed = err as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

// One exit-code convention for plan, audit, red team and mail proof: 1 is a finding, 3 is a bug.
describe("runCommand", () => {
  it("exits with what the command decided", async () => {
    expect(await run("return 1;")).toEqual({ code: 1, stderr: "" });
    expect(await run("return 0;")).toEqual({ code: 0, stderr: "" });
  });

  it("reports an unexpected error as an internal error, exit 3, never as a finding", async () => {
    const { code, stderr } = await run('throw new Error("boom");');
    expect(code).toBe(3);
    expect(stderr).toMatch(/^probe: internal error \(please report it\): Error: boom\n/);
  });
});
