import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../policies/rules";
import type { Rule } from "../../policies/rules/types";
import { PROJECT_DIR } from "../helpers/harness";

// A newcomer finds a policy by its name: policies/rules/<area>/<policy-name>.ts, one rule per file, and index.ts
// lists each file's rule once. Read from the directory, so a new file that breaks the layout fails here.

const RULES_DIR = join(PROJECT_DIR, "policies", "rules");

const isRule = (value: unknown): value is Rule =>
  typeof value === "object" && value !== null && ((value as Rule).kind === "resource" || (value as Rule).kind === "stack") && typeof (value as Rule).name === "string";

/** The rules a module exports, by export name. */
async function rulesIn(file: string): Promise<[string, Rule][]> {
  const exports = (await import(file)) as Record<string, unknown>;
  return Object.entries(exports).filter((entry): entry is [string, Rule] => isRule(entry[1]));
}

/** zone-min-tls-1-2 → zoneMinTls12: the rule's export is its name in camelCase. */
const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const entries = readdirSync(RULES_DIR, { withFileTypes: true });
const areas = entries.filter((e) => e.isDirectory()).map((e) => e.name);
const ruleFiles = areas.flatMap((area) => readdirSync(join(RULES_DIR, area), { withFileTypes: true }).map((e) => ({ area, entry: e })));

describe("the rule files", () => {
  it("sit one folder deep, in area folders, as .ts files", () => {
    expect(areas.length).toBeGreaterThan(0);
    expect(ruleFiles.filter(({ entry }) => !entry.isFile() || !entry.name.endsWith(".ts")).map(({ area, entry }) => `${area}/${entry.name}`)).toEqual([]);
  });

  it("each export exactly one rule, named as the file, as the policy's name in camelCase", async () => {
    const misnamed: string[] = [];
    for (const { area, entry } of ruleFiles) {
      const found = await rulesIn(join(RULES_DIR, area, entry.name));
      const policy = entry.name.replace(/\.ts$/, "");
      const [exported, rule] = found[0] ?? [];
      if (found.length !== 1 || rule?.name !== policy || exported !== camelCase(policy)) misnamed.push(`${area}/${entry.name}: ${JSON.stringify(found.map(([e, r]) => `${e} ${r.name}`))}`);
    }
    expect(misnamed).toEqual([]);
  });

  it("are the only place rules live: the support files beside the areas export none", async () => {
    const top = entries.filter((e) => e.isFile() && e.name.endsWith(".ts") && e.name !== "index.ts");
    expect(top.length).toBeGreaterThan(0);
    for (const file of top) expect(await rulesIn(join(RULES_DIR, file.name)), file.name).toEqual([]);
  });

  it("are each in index.ts's rules exactly once, and index.ts lists nothing else", async () => {
    const fromFiles = await Promise.all(ruleFiles.map(async ({ area, entry }) => (await rulesIn(join(RULES_DIR, area, entry.name)))[0]?.[1]));
    expect(rules).toHaveLength(fromFiles.length);
    for (const rule of fromFiles) expect(rules.filter((r) => r === rule), rule?.name).toHaveLength(1);
  });
});
