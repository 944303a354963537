import { describe, expect, it } from "vitest";
import { planStack } from "../../cli/plan/plan-stack";
import { PLAN_MODES, planDocumentSchema } from "../../model/plan-document";
import { readStackOutputs, stackOutputsSchema } from "../../model/stack-outputs";
import { PROD_STACK_FILE } from "../helpers/harness";

// The plan document's one schema and the stack outputs' one contract, against what the offline plan really writes.
describe("the plan document the offline plan writes", () => {
  it.each(PLAN_MODES)("fits the plan document's schema (%s)", async (mode) => {
    const plan = await planStack("launch-ready", PROD_STACK_FILE, [mode]);
    if (!plan.ok) throw new Error(plan.error);
    const written = JSON.parse(JSON.stringify(plan.document)) as unknown;
    const parsed = planDocumentSchema.safeParse(written);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.mode).toBe(mode);
    expect(parsed.data?.domain).toBe("brightpath-coaching.com");
  });

  it("carries stack outputs that fit their contract after up, the canonical host and the plan among them", async () => {
    const plan = await planStack("launch-ready", PROD_STACK_FILE, ["after-up"]);
    if (!plan.ok) throw new Error(plan.error);
    const outputs = readStackOutputs(plan.document);
    expect(outputs).toMatchObject({ domain: "brightpath-coaching.com", canonicalHost: "brightpath-coaching.com", cloudflarePlan: "free" });
    // The contract describes every output the program makes: nothing is left over for an untyped reader.
    expect(Object.keys(plan.document.outputs).filter((k) => !(k in stackOutputsSchema.shape))).toEqual([]);
  });

  it("says which outputs do not fit, and where the contract is", () => {
    expect(() => readStackOutputs({ stack: "prod", outputs: { domain: "example.com" } })).toThrow(
      /^The stack outputs of prod do not fit the stack outputs contract \(model\/stack-outputs\.ts\): [\s\S]*canonicalHost/,
    );
  });
});
