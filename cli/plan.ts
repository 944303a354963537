import "./plan/defer-unused-sdk-modules";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkJsonFile, checkOutDir } from "./plan/out-dir";
import { PLAN_MODES, type PlanMode } from "./plan/engine";
import { readPolicyConfig } from "./plan/evaluate";
import { planStacks } from "./plan/plan-stack";
import type { PolicyLevels } from "../policies/policy-config";
import { rules } from "../policies/rules";
import { renderSummary } from "./plan/report";
import { projectNameIn, stackFilesIn } from "./plan/stack-file";
import { HelpRequested, parseCommandLine, SEE_USAGE, UsageError } from "./usage-error";
import { runCommand } from "./output";

const USAGE = `Usage: npm run plan -- [--stack NAME | --config-file FILE ...] [--all] [--mode MODE] [--json FILE] [--out-dir DIR]
                        [--policy-config FILE]

Runs the real program under Pulumi's mocks with a stack's config (no CLI, no credentials, no network) and
evaluates every policy of the pack.
  --stack NAME        plan Pulumi.NAME.yaml beside Pulumi.yaml (default: prod)
  --config-file FILE  plan this stack file (repeatable)
  --all               plan every Pulumi.*.yaml beside Pulumi.yaml
  --mode MODE         first-preview (resources not created yet: what a provider computes is unknown, as on a new
                      stack's first pulumi preview), after-up (every value known), or both (default; the report says
                      where they differ, and a mandatory finding in either mode blocks)
  --json FILE         write the plan document (an array of documents when several stacks are planned)
  --out-dir DIR       write DIR/<stack>/ with plan.json and the launch documents
  --policy-config FILE
                      the policies' levels from a policy pack config file, the one
                      pulumi preview --policy-pack policies --policy-pack-config FILE takes
                      (e.g. {"all": "mandatory", "zone-hsts-one-year": "disabled"})
Exit codes: 0 no mandatory violation (also for --help), 1 mandatory violation(s), 2 invalid config or usage,
3 internal error (please report it).`;

/** The folder of the nearest Pulumi.yaml from the working directory up, like the Pulumi CLI; else this repository. */
function findProjectDir(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    if (dirname(dir) === dir) return resolve(__dirname, "..");
  }
}

const PROJECT_DIR = findProjectDir(process.cwd());

export interface PlanOptions {
  files: string[];
  modes: readonly PlanMode[];
  json?: string;
  outDir?: string;
  /** Every policy's level after --policy-config; each its own without it. */
  policyLevels?: PolicyLevels;
}

export function parsePlanArgs(argv: string[], projectDir = PROJECT_DIR): PlanOptions {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        stack: { type: "string", multiple: true },
        "config-file": { type: "string", multiple: true },
        all: { type: "boolean" },
        mode: { type: "string" },
        json: { type: "string" },
        "out-dir": { type: "string" },
        "policy-config": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    },
    SEE_USAGE,
  );
  if (values.help) throw new HelpRequested(USAGE);
  const mode = values.mode ?? "both";
  if (mode !== "both" && !(PLAN_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode ${JSON.stringify(mode)} is not a mode: use first-preview, after-up or both (the default).`);
  }
  if (values["out-dir"] !== undefined && mode === "first-preview") {
    // The documents are made from the after-up run: on a first preview the name servers, the DS record and the ARNs
    // are not known yet, and the stack outputs contract (model/stack-outputs.ts) holds only known values.
    throw new UsageError(`--out-dir writes the launch documents, which need the values known after \`pulumi up\`: use --mode after-up or both (the default) with --out-dir. --json writes the first-preview plan document on its own.`);
  }
  if (values.json !== undefined) checkJsonFile(values.json);
  if (values["out-dir"] !== undefined) checkOutDir(values["out-dir"]);
  const files = [
    ...(values.stack ?? []).map((s) => join(projectDir, `Pulumi.${s}.yaml`)),
    ...(values["config-file"] ?? []).map((f) => resolve(f)),
    ...(values.all ? stackFilesIn(projectDir) : []),
  ];
  if (values.all && files.length === 0) throw new UsageError(`--all found no Pulumi.<stack>.yaml beside ${join(projectDir, "Pulumi.yaml")}.`);
  const unique = [...new Set(files.length > 0 ? files : [join(projectDir, "Pulumi.prod.yaml")])];
  const modes = PLAN_MODES.filter((m) => mode === "both" || m === mode);
  const policyConfig = values["policy-config"];
  return { files: unique, modes, json: values.json, outDir: values["out-dir"], ...(policyConfig === undefined ? {} : { policyLevels: readPolicyConfig(policyConfig, rules) }) };
}

/** Plans the stacks, prints the reports, writes the requested files; returns the exit code. */
export async function runPlan(
  options: PlanOptions,
  projectDir = PROJECT_DIR,
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const project = projectNameIn(projectDir);
  const progress = process.stderr.isTTY && options.files.length > 1;
  const results = await planStacks(project, options.files, {
    modes: options.modes,
    policyLevels: options.policyLevels,
    finishing: { outDir: options.outDir, keepDocument: options.json !== undefined },
    started: (count, file) => {
      if (progress) process.stderr.write(`\rplanning ${count}/${options.files.length} ${file}\x1b[K`);
    },
  });
  if (progress) process.stderr.write("\r\x1b[K");

  for (const result of results) {
    if (result.ok) out(`${result.report}\n\n`);
    else err(`${result.error}\n\n`);
  }
  if (results.length > 1) out(`${renderSummary(results)}\n`);
  if (options.json !== undefined) {
    const documents = results.flatMap((r) => (r.ok && r.document !== undefined ? [r.document] : []));
    const body = results.length === 1 ? documents[0] ?? null : documents;
    writeFileSync(options.json, `${JSON.stringify(body, null, 2)}\n`);
  }
  if (results.some((r) => !r.ok)) return 2;
  return results.some((r) => r.ok && r.mandatory > 0) ? 1 : 0;
}

if (require.main === module) runCommand("plan", (argv) => runPlan(parsePlanArgs(argv)), USAGE);
