import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROD_STACK_FILE, PROJECT_DIR } from "../helpers/harness";

const exec = promisify(execFile);
const EXAMPLES = join(PROJECT_DIR, "examples");
const STACK_FILES = [
  PROD_STACK_FILE,
  ...readdirSync(EXAMPLES).flatMap((dir) => readdirSync(join(EXAMPLES, dir)).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => join(EXAMPLES, dir, f))),
];

// Run in a process of its own, as the plan runs: in vitest's workers the SDK is already loaded by other tests.
const PROBE = `
const { stillDeferred } = require("./cli/plan/defer-unused-sdk-modules");
const { planStack } = require("./cli/plan/plan-stack");
const files = JSON.parse(process.argv[1]);
(async () => {
  const report = { before: stillDeferred(), planned: [] };
  for (const file of files) report.planned.push((await planStack("launch-ready", file)).ok);
  report.afterPlans = stillDeferred();
  const pulumi = require("@pulumi/pulumi");
  const closure = await pulumi.runtime.serializeFunction(function answer() { return 6 * 7; });
  report.closureText = closure.text.includes("6 * 7");
  report.afterClosure = stillDeferred();
  const arboristFile = require.resolve("@npmcli/arborist", { paths: [require.resolve("@pulumi/pulumi/runtime/closure/codePaths")] });
  const standIn = require(arboristFile);
  report.arborist = typeof standIn.Arborist === "function" && standIn.Arborist === require(arboristFile).Arborist && standIn.__esModule === true;
  report.afterArborist = stillDeferred();
  process.stdout.write(JSON.stringify(report));
})().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exitCode = 1; });
`;

describe("the SDK modules the plan defers", () => {
  it("are not loaded by planning the template and every example, and load as themselves when the SDK needs them", { timeout: 120_000 }, async () => {
    const { stdout } = await exec(process.execPath, ["-r", join(PROJECT_DIR, "scripts", "ts-hook.cjs"), "-e", PROBE, JSON.stringify(STACK_FILES)], { cwd: PROJECT_DIR });
    const shim = require.resolve("@pulumi/pulumi/typescript-shim");
    const arborist = require.resolve("@npmcli/arborist", { paths: [require.resolve("@pulumi/pulumi/runtime/closure/codePaths")] });
    expect(JSON.parse(stdout)).toEqual({
      before: [shim, arborist],
      planned: STACK_FILES.map(() => true),
      afterPlans: [shim, arborist],
      // serializeFunction parses the function with the TypeScript compiler: the real one, loaded on that first use.
      closureText: true,
      afterClosure: [arborist],
      // Read through the stand-in, arborist is the real module; TypeScript's __importStar takes the stand-in as it is.
      arborist: true,
      afterArborist: [],
    });
    expect(STACK_FILES.length).toBeGreaterThanOrEqual(6);
  });

  it("are deferred first thing by every entry point that runs the program, before anything loads the SDK", () => {
    const entries = { "cli/plan.ts": "./plan/defer-unused-sdk-modules", "cli/plan/plan-worker.ts": "./defer-unused-sdk-modules", "cli/mail-proof.ts": "./plan/defer-unused-sdk-modules" };
    for (const [entry, deferral] of Object.entries(entries)) {
      const firstImport = readFileSync(join(PROJECT_DIR, entry), "utf8").match(/^import .*$/m)?.[0];
      expect(firstImport, entry).toBe(`import "${deferral}";`);
    }
  });
});
