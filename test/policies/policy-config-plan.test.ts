import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parsePlanArgs, runPlan } from "../../cli/plan";
import type { PlanDocument } from "../../cli/plan/document";
import { UsageError } from "../../cli/usage-error";
import { PROD_STACK_FILE, PROJECT_DIR } from "../helpers/harness";
import { runPlanCli } from "../helpers/plan-cli";

// The offline plan with the same file the CLI takes with --policy-pack-config (the pack's side of it is in
// pack-runtime.test.ts): a stack whose DMARC only monitors and names no report address, which
// dns-dmarc-monitoring-has-reports blocks.
describe("npm run plan -- --policy-config FILE", () => {
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-policy-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stackFile = join(dir, "Pulumi.monitoring-only.yaml");
  const prod = parse(readFileSync(PROD_STACK_FILE, "utf8")) as { config: Record<string, Record<string, unknown>> };
  const email = prod.config["launch-ready:email"] as Record<string, unknown>;
  writeFileSync(stackFile, stringify({ config: { ...prod.config, "launch-ready:email": { ...email, dmarc: { ...(email["dmarc"] as object), policy: "none", rua: [] } } } }));

  const configFile = (name: string, config: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
    return file;
  };
  async function plan(...args: string[]): Promise<{ code: number; doc: PlanDocument }> {
    const json = join(dir, "plan.json");
    const code = await runPlan(parsePlanArgs(["--config-file", stackFile, "--mode", "after-up", "--json", json, ...args]), PROJECT_DIR, () => undefined);
    return { code, doc: JSON.parse(readFileSync(json, "utf8")) as PlanDocument };
  }
  const findings = (doc: PlanDocument, policy: string) => doc.violations.filter((v) => v.policy === policy).map((v) => v.enforcement);
  const POLICY = "dns-dmarc-monitoring-has-reports";

  it("blocks without a file", async () => {
    const { code, doc } = await plan();
    expect(code).toBe(1);
    expect(findings(doc, POLICY)).toEqual(["mandatory"]);
  });

  it("reports a policy lowered to advisory, and no longer blocks on it", async () => {
    const { code, doc } = await plan("--policy-config", configFile("advisory.json", { [POLICY]: "advisory" }));
    expect(code).toBe(0);
    expect(findings(doc, POLICY)).toEqual(["advisory"]);
    expect(doc.policiesEvaluated.find((p) => p.name === POLICY)?.enforcement).toBe("advisory");
  });

  it("does not run a disabled policy", async () => {
    const { code, doc } = await plan("--policy-config", configFile("disabled.json", { all: "advisory", [POLICY]: { enforcementLevel: "disabled" } }));
    expect(code).toBe(0);
    expect(findings(doc, POLICY)).toEqual([]);
    expect(doc.policiesEvaluated.map((p) => p.name)).not.toContain(POLICY);
    expect(new Set(doc.policiesEvaluated.map((p) => p.enforcement))).toEqual(new Set(["advisory"]));
  });

  it("blocks on a remediate policy, as the pack reports it", async () => {
    const { code, doc } = await plan("--policy-config", configFile("remediate.json", { all: "advisory", [POLICY]: "remediate" }));
    expect(code).toBe(1);
    expect(findings(doc, POLICY)).toEqual(["mandatory"]);
  });

  it("refuses an unknown policy with exit 2, saying which are allowed, without a stack trace", async () => {
    const { code, stdout, stderr } = await runPlanCli(["--config-file", stackFile, "--policy-config", configFile("unknown.json", { "dns-dmarc-has-reports": "advisory" })]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/"dns-dmarc-has-reports" is not a policy of the pack\. Use "all" for every policy, or one of: zone-protected, .*, checks-pending-until-created\./);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses an unknown level as a usage error, saying which are allowed", () => {
    const file = configFile("off.json", { [POLICY]: "off" });
    expect(() => parsePlanArgs(["--policy-config", file])).toThrow(UsageError);
    expect(() => parsePlanArgs(["--policy-config", file])).toThrow(/"dns-dmarc-monitoring-has-reports": "off" is not an enforcement level: use advisory, mandatory, remediate or disabled\./);
  });

  it("refuses a file it cannot read", () => {
    expect(() => parsePlanArgs(["--policy-config", join(dir, "missing.json")])).toThrow(/--policy-config .*missing\.json: the file cannot be read \(ENOENT\)\. Give the path of a policy pack config file/);
  });
});
