import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlanArgs, runPlan } from "../../cli/plan";
import type { PlanDocument } from "../../cli/plan/document";
import { PROD_STACK_FILE, PROJECT_DIR } from "../helpers/harness";
import { runPlanCli as cli } from "../helpers/plan-cli";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "launch-ready-plan-"));
}

/** A copy of Pulumi.prod.yaml with text replaced, in a temporary folder. */
function stackFile(name: string, edit: (text: string) => string = (t) => t): string {
  const file = join(tempDir(), `Pulumi.${name}.yaml`);
  writeFileSync(file, edit(readFileSync(PROD_STACK_FILE, "utf8")));
  return file;
}

async function planJson(args: string[]): Promise<{ code: number; doc: unknown; out: string }> {
  const json = join(tempDir(), "plan.json");
  let out = "";
  const code = await runPlan(parsePlanArgs([...args, "--json", json]), PROJECT_DIR, (t) => (out += t));
  return { code, doc: JSON.parse(readFileSync(json, "utf8")), out };
}

describe("npm run plan", () => {
  it("plans Pulumi.prod.yaml by default and exits 0", async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(0);
    expect(stdout).toContain('Plan of stack "prod" (brightpath-coaching.com), project launch-ready, as seen on a first preview and after `pulumi up`');
    expect(stdout).toContain("cloudflare:index/zone:Zone launch-zone-zone  [protected]");
    // A first preview leaves what providers make at create pending, and says so.
    expect(stdout).toMatch(/\n {4}… pending mail-dkim-for-every-sender \(launch-email-ses-identity\): SES identity brightpath-coaching\.com: its three Easy DKIM CNAMEs are planned/);
    expect(stdout).toMatch(/\d+ resources, \d+ policies evaluated \(first preview: 0 mandatory, \d+ advisory, [1-9]\d* pending; after up: 0 mandatory, \d+ advisory\): meets the launch-ready minimum bar\./);
  });

  it("plans one mode when asked, and says which in the document", async () => {
    const { code, doc, out } = await planJson(["--config-file", PROD_STACK_FILE, "--mode", "first-preview"]);
    expect(code).toBe(0);
    const plan = doc as PlanDocument;
    expect(plan.mode).toBe("first-preview");
    expect(Object.keys(plan.verdicts)).toEqual(["first-preview"]);
    expect(plan.pending.map((p) => p.policy)).toContain("mail-dkim-for-every-sender");
    // What Cloudflare assigns at create is unknown on a first preview, and written as such.
    const record = plan.resources.find((r) => r.name === "launch-dns-apex");
    expect(record?.inputs["zoneId"]).toBe("[unknown]");
    expect(out).toMatch(/policies evaluated \(first preview: 0 mandatory, \d+ advisory, \d+ pending\)/);
    expect(out).not.toContain("after up");
  });

  it("refuses a mode it does not know, with exit 2", async () => {
    const { code, stderr } = await cli(["--mode", "second-preview"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--mode "second-preview" is not a mode: use first-preview, after-up or both (the default).');
  });

  it("refuses to write the launch documents from a first preview alone, with exit 2", async () => {
    const { code, stderr } = await cli(["--mode", "first-preview", "--out-dir", join(tempDir(), "docs")]);
    expect(code).toBe(2);
    expect(stderr).toContain("--out-dir writes the launch documents, which need the values known after `pulumi up`: use --mode after-up or both (the default) with --out-dir.");
  });

  it("writes the JSON document of the contract", async () => {
    const { code, doc } = await planJson(["--config-file", PROD_STACK_FILE]);
    expect(code).toBe(0);
    const plan = doc as PlanDocument;
    expect(Object.keys(plan)).toEqual(["project", "stack", "domain", "mode", "resources", "outputs", "violations", "pending", "verdicts", "policiesEvaluated"]);
    // Both modes by default; the resources are those after `pulumi up` (the launch documents need their values).
    expect(plan.mode).toBe("after-up");
    expect(Object.keys(plan.verdicts)).toEqual(["first-preview", "after-up"]);
    expect(plan.violations).toEqual(plan.verdicts["after-up"]?.violations);
    expect(plan.pending).toEqual([]);
    expect([plan.project, plan.stack, plan.domain]).toEqual(["launch-ready", "prod", "brightpath-coaching.com"]);
    for (const r of plan.resources) expect(Object.keys(r)).toEqual(["urn", "type", "name", "parent", "inputs", "protect"]);
    const zone = plan.resources.find((r) => r.type === "cloudflare:index/zone:Zone");
    expect(zone).toMatchObject({ name: "launch-zone-zone", protect: true, inputs: { name: "brightpath-coaching.com", type: "full" } });
    expect(plan.resources.find((r) => r.urn === zone?.parent)?.type).toBe("launch-ready:edge:Zone");
    expect(plan.violations.every((v) => ["mandatory", "advisory"].includes(v.enforcement))).toBe(true);
    expect(plan.policiesEvaluated.map((p) => p.name)).toEqual(expect.arrayContaining(["zone-protected", "no-plaintext-secrets"]));
  });

  it("treats secure: values as opaque secrets and prints them as [secret]", async () => {
    const ciphertext = "v1:AAAABBBBccccDDDD:eeeeFFFF";
    const file = stackFile("withsecret", (t) =>
      t.replace("  launch-ready:secrets:\n", `  launch-ready:stripeSecretKey:\n    secure: ${ciphertext}\n  launch-ready:secrets:\n    - name: stripeSecretKey\n`),
    );
    const { code, doc, out } = await planJson(["--config-file", file]);
    expect(code).toBe(0);
    const text = JSON.stringify(doc);
    expect(text).not.toContain(ciphertext);
    expect(out).not.toContain(ciphertext);
    expect(text).not.toContain("opaque-secret-value");
    expect(out).not.toContain("opaque-secret-value");
  });

  it("plans every stack with --all and writes one document per stack", async () => {
    const project = tempDir();
    copyFileSync(join(PROJECT_DIR, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
    copyFileSync(PROD_STACK_FILE, join(project, "Pulumi.prod.yaml"));
    writeFileSync(join(project, "Pulumi.acme.yaml"), readFileSync(PROD_STACK_FILE, "utf8").replaceAll("brightpath-coaching.com", "acme-coach.io"));
    const json = join(project, "all.json");
    let out = "";
    const code = await runPlan(parsePlanArgs(["--all", "--json", json, "--out-dir", join(project, "out")], project), project, (t) => (out += t));
    expect(code).toBe(0);
    const docs = JSON.parse(readFileSync(json, "utf8")) as PlanDocument[];
    expect(docs.map((d) => [d.stack, d.domain])).toEqual([
      ["acme", "acme-coach.io"],
      ["prod", "brightpath-coaching.com"],
    ]);
    const written = JSON.parse(readFileSync(join(project, "out", "acme", "plan.json"), "utf8")) as PlanDocument;
    expect(written.domain).toBe("acme-coach.io");
    expect(readdirSync(join(project, "out", "acme")).sort()).toEqual(["acme-coach.io.zone", "dns-map.md", "handover.md", "plan.json"]);
    expect(readFileSync(join(project, "out", "prod", "handover.md"), "utf8")).toMatch(/^# Handover: brightpath-coaching\.com \(stack prod\)\n/);
    const count = (d: PlanDocument) => d.resources.filter((r) => r.type.includes("/")).length;
    const advisory = (d: PlanDocument) => d.violations.filter((v) => v.enforcement === "advisory").length;
    const table = out.slice(out.lastIndexOf("stack ")).trimEnd().split("\n");
    expect(table[0]).toMatch(/^stack\s+domain\s+resources\s+mandatory\s+advisory$/);
    expect(table.slice(2).map((l) => l.split(/\s+/))).toEqual(
      docs.map((d) => [d.stack, d.domain, String(count(d)), "0", String(advisory(d))]),
    );
  });
});

describe("npm run plan refuses bad input with exit 2", () => {
  it("names every bad key, without a stack trace", async () => {
    const file = stackFile("bad", (t) => t.replace("launch-ready:domain: brightpath-coaching.com", 'launch-ready:domain: "my domain.com"').replace("canonicalHost: apex", "canonicalHost: blog"));
    const { code, stdout, stderr } = await cli(["--config-file", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Invalid configuration for stack "bad" (2 problems):');
    expect(stderr).toContain('- launch-ready:domain: received "my domain.com"; allowed: a domain name');
    expect(stderr).toContain('- launch-ready:canonicalHost: received "blog"; allowed: one of apex, www.');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ["YAML that does not parse", () => stackFile("broken", () => "config:\n  launch-ready:domain: [unclosed\n"), /is not valid YAML/],
    ["a missing stack file", () => join(tempDir(), "Pulumi.none.yaml"), /Stack file not found/],
  ])("on %s", async (_label, file, message) => {
    const json = join(tempDir(), "plan.json");
    const { code, stdout, stderr } = await cli(["--config-file", file(), "--json", json]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("on an unknown flag", async () => {
    const { code, stderr } = await cli(["--stak", "prod"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--stak'/);
    expect(stderr).toContain("Usage: npm run plan");
  });
});
