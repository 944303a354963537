import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_MODES } from "../../cli/plan/engine";
import { planStack } from "../../cli/plan/plan-stack";
import { evaluate } from "../../cli/plan/evaluate";
import { rules } from "../../policies/rules";
import { PROJECT_DIR, runStack } from "../helpers/harness";

// Components and policies must agree: the template's own stack passes every mandatory rule, on its first preview
// (nothing created yet) and after `pulumi up`.
describe("the template's own plan", () => {
  for (const mode of PLAN_MODES) {
    it(`has no mandatory violation (${mode})`, async () => {
      const stack = await runStack(undefined, mode);
      const { violations, pending } = evaluate(stack.run, rules);
      expect(violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
      // Only a first preview waits for what providers make at create (DKIM tokens, ARNs, generated secrets).
      if (mode === "after-up") expect(pending).toEqual([]);
      else expect(new Set(pending.map((p) => p.policy))).toEqual(new Set(["dns-cname-alone", "no-plaintext-secrets", "iam-policy-exact-secret-arns", "mail-dkim-for-every-sender"]));
    });
  }

  it("evaluates rules with unique kebab-case names and a description that says why", () => {
    const names = rules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description).toMatch(/^Checks (that|whether) .+ because .+/);
    }
  });
});

// Every realistic stack the tests keep (client stacks, plan variants) meets the bar on its first preview as well as
// after up: a first preview must never invent a finding, whatever the stack adopts or sends. The examples are held to
// the same bar in test/examples/.
describe("the fixture stacks", () => {
  const files = ["clients", "stacks"].flatMap((dir) => readdirSync(join(PROJECT_DIR, "test", "fixtures", dir)).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => join(PROJECT_DIR, "test", "fixtures", dir, f)));

  it.each(files)("%s has no mandatory finding in either mode", async (file) => {
    const plan = await planStack("launch-ready", file);
    if (!plan.ok) throw new Error(plan.error);
    for (const mode of PLAN_MODES) expect(plan.document.verdicts[mode]?.violations.filter((v) => v.enforcement === "mandatory"), mode).toEqual([]);
  });
});
