import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planStack, planStacks, workerCount, type StackPlan } from "../../cli/plan/plan-stack";
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

  it("plans every stack, in order, exactly as planStack does one by one", { timeout: 300_000 }, async () => {
    const files = clientStacks();
    const started: string[] = [];
    const plans = await planStacks("launch-ready", files, ["after-up"], (count, file) => started.push(`${count} ${file}`), undefined, 1);
    expect(started).toEqual(files.map((f, i) => `${i + 1} ${f}`));
    expect(plans.map((p) => [p.file, p.ok])).toEqual(files.map((f, i) => [f, i !== 3]));
    // Resources in URN order: the order of registrations follows how the TypeScript was transpiled, and a worker loads
    // it through the project's hook while this test runs it through vitest's.
    const byUrn = (plan: StackPlan | undefined) =>
      plan?.ok === true ? { ...plan, document: { ...plan.document, resources: [...plan.document.resources].sort((a, b) => a.urn.localeCompare(b.urn)) } } : plan;
    for (const [i, file] of files.entries()) expect(byUrn(plans[i])).toEqual(byUrn(await planStack("launch-ready", file, ["after-up"])));
  });

  it("throws a stack file's error as planStack does", { timeout: 300_000 }, async () => {
    const files = clientStacks();
    const missing = join(tmpdir(), "launch-ready-no-such-folder", "Pulumi.gone.yaml");
    files.splice(5, 0, missing);
    const expected = await planStack("launch-ready", missing, ["after-up"]).catch((err: unknown) => err);
    expect(expected).toBeInstanceOf(Error);
    await expect(planStacks("launch-ready", files, ["after-up"], undefined, undefined, 1)).rejects.toThrow((expected as Error).message);
  });
});
