import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planStack, planStacks, workerCount } from "../../cli/plan/plan-stack";
import { renderReport } from "../../cli/plan/report";
import { finishStack, type StackResult } from "../../cli/plan/stack-result";
import { PROD_STACK_FILE } from "../helpers/harness";

/** Ten client stacks, the fourth with a config error; planned with one worker thread beside the test's. */
function clientStacks(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-stacks-"));
  const prod = readFileSync(PROD_STACK_FILE, "utf8");
  return Array.from({ length: 10 }, (_, i) => {
    const file = join(dir, `Pulumi.client${i}.yaml`);
    const text = prod.replaceAll("brightpath-coaching.com", `client${i}-coaching.com`);
    writeFileSync(file, i === 3 ? text.replace(`client${i}-coaching.com`, "not a domain") : text);
    return file;
  });
}

describe("planStacks", () => {
  it("starts a worker per further free core only for ten stacks or more each", () => {
    expect(workerCount(1, 2, 0)).toBe(0);
    expect(workerCount(9, 2, 0)).toBe(0);
    expect(workerCount(10, 2, 0)).toBe(1);
    expect(workerCount(50, 2, 1.4)).toBe(1);
    expect(workerCount(50, 2, 1.6)).toBe(0);
    expect(workerCount(50, 2, 5)).toBe(0);
    expect(workerCount(50, 8, 0)).toBe(5);
    expect(workerCount(200, 8, 0)).toBe(7);
    expect(workerCount(200, 8, 3.2)).toBe(5);
    expect(workerCount(50, 1, 0)).toBe(0);
  });

  it("plans and finishes every stack, in order, exactly as planStack and finishStack do one by one", { timeout: 300_000 }, async () => {
    const files = clientStacks();
    const outDir = mkdtempSync(join(tmpdir(), "launch-ready-out-"));
    const started: string[] = [];
    const finishing = { outDir, keepDocument: true };
    const results = await planStacks("launch-ready", files, { modes: ["after-up"], finishing, started: (count, file) => started.push(`${count} ${file}`), workers: 1 });
    expect(started).toEqual(files.map((f, i) => `${i + 1} ${f}`));
    expect(results.map((r) => [r.file, r.ok])).toEqual(files.map((f, i) => [f, i !== 3]));
    // Resources in URN order: the order of registrations follows how the TypeScript was transpiled, and a worker loads
    // it through the project's hook while this test runs it through vitest's. The report lists them in that order, so
    // each report is checked against its own document.
    const byUrn = (result: StackResult | undefined) => {
      if (result?.ok !== true || result.document === undefined) return result;
      const { document } = result;
      return { ...result, report: undefined, document: { ...document, resources: [...document.resources].sort((a, b) => a.urn.localeCompare(b.urn)) } };
    };
    for (const [i, file] of files.entries()) {
      const result = results[i];
      const alone = finishStack(await planStack("launch-ready", file, ["after-up"]), { keepDocument: true });
      expect(byUrn(result)).toEqual(byUrn(alone));
      if (result?.ok !== true || result.document === undefined) continue;
      expect(result.report).toBe(renderReport(result.document));
      // The launch documents were written by the thread that planned the stack.
      expect(JSON.parse(readFileSync(join(outDir, result.stack, "plan.json"), "utf8"))).toEqual(result.document);
      expect(readdirSync(join(outDir, result.stack)).sort()).toEqual([`${result.domain}.zone`, "dns-map.md", "handover.md", "plan.json"]);
    }
    expect(readdirSync(outDir)).toHaveLength(9);
  });

  it("keeps a stack's document only when asked", { timeout: 300_000 }, async () => {
    const [file] = clientStacks();
    const [result] = await planStacks("launch-ready", [file as string], { modes: ["after-up"], finishing: { keepDocument: false } });
    expect(result).toMatchObject({ ok: true, stack: "client0", domain: "client0-coaching.com", mandatory: 0 });
    expect(result).not.toHaveProperty("document");
  });

  it("throws a stack file's error as planStack does", { timeout: 300_000 }, async () => {
    const files = clientStacks();
    const missing = join(tmpdir(), "launch-ready-no-such-folder", "Pulumi.gone.yaml");
    files.splice(5, 0, missing);
    const expected = await planStack("launch-ready", missing, ["after-up"]).catch((err: unknown) => err);
    expect(expected).toBeInstanceOf(Error);
    await expect(planStacks("launch-ready", files, { modes: ["after-up"], finishing: { keepDocument: false }, workers: 1 })).rejects.toThrow((expected as Error).message);
  });
});
