import { describe, expect, it } from "vitest";
import { evaluate } from "../../cli/plan/evaluate";
import { rules } from "../../policies/rules";
import { runStack } from "../helpers/harness";

// Components and policies must agree: the template's own stack passes every mandatory rule.
describe("the template's own plan", () => {
  it("has no mandatory violation", async () => {
    const stack = await runStack();
    const mandatory = evaluate(stack.run, rules).filter((v) => v.enforcement === "mandatory");
    expect(mandatory).toEqual([]);
  });

  it("evaluates rules with unique kebab-case names and a description that says why", () => {
    const names = rules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description).toMatch(/^Checks (that|whether) .+ because .+/);
    }
  });
});
