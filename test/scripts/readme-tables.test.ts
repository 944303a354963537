import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/usage-error";
import { rules } from "../../policies/rules";
import { currentSection, expectedSection, generatedReadme, policyTable, README, ruleFile, SECTIONS, withSection, type GeneratedSection } from "../../scripts/readme-tables";

describe("the README's generated sections", () => {
  const readme = readFileSync(README, "utf8");

  it.each(SECTIONS.map((s) => [s.name, s] as const))("%s is what npm run docs writes", (name, section) => {
    expect(currentSection(readme, section), `README.md's generated ${name} section is stale: run \`npm run docs\` and commit README.md`).toBe(expectedSection(section));
  });

  it("are all there is to rewrite: npm run docs changes nothing else, markers included", () => {
    expect(generatedReadme(readme) === readme, "README.md differs from what npm run docs writes: run `npm run docs` and commit README.md").toBe(true);
  });
});

describe("policyTable", () => {
  const lines = policyTable(rules).split("\n");

  it("has one row per rule of the pack, in report order, with its level and what it runs on", () => {
    expect(lines).toHaveLength(rules.length + 2);
    expect(lines[0]).toBe("| policy | level | runs on | checks |");
    expect(lines.slice(2).map((line) => /^\| \[`([a-z0-9-]+)`\]/.exec(line)?.[1])).toEqual(rules.map((r) => r.name));
    const row = (name: string) => lines.find((line) => line.startsWith(`| [\`${name}\`]`));
    expect(row("zone-ssl-strict")).toMatch(/^\| \[`zone-ssl-strict`\]\(policies\/rules\/zone\/zone-ssl-strict\.ts\) \| mandatory \| each `ZoneSetting` \| Checks that /);
    expect(row("iam-policy-exact-secret-arns")).toContain("(policies/rules/secrets/iam-policy-exact-secret-arns.ts) | mandatory | each `Policy`, `RolePolicy` |");
    expect(row("dns-dmarc-policy-enforced")).toContain("(policies/rules/mail/dns-dmarc-policy-enforced.ts) | advisory | each `DnsRecord` |");
    expect(row("canonical-host-redirect")).toContain("(policies/rules/edge/canonical-host-redirect.ts) | mandatory | the stack |");
  });

  it("carries each rule's whole description", () => {
    for (const rule of rules) expect(lines.find((line) => line.startsWith(`| [\`${rule.name}\`]`))?.endsWith(`| ${rule.description.replace(/\|/g, "\\|")} |`), rule.name).toBe(true);
  });
});

describe("ruleFile", () => {
  it("refuses a policy without its file, naming where it belongs", () => {
    expect(() => ruleFile("no-such-policy")).toThrow("Policy no-such-policy is in 0 files under policies/rules/<area>/, and needs exactly one: policies/rules/<area>/no-such-policy.ts.");
  });
});

describe("withSection", () => {
  const section: GeneratedSection = { name: "demo", source: "lib/demo.ts", render: () => "| a |\n| --- |" };
  const open = "<!-- BEGIN GENERATED demo: written by npm run docs from lib/demo.ts; edit that, not this table -->";
  const close = "<!-- END GENERATED demo -->";
  const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "|", "<", "-", "!") });

  it("rewrites only what stands between the markers, and the opening marker itself", () => {
    fc.assert(
      fc.property(text, text, text, (before, inside, after) => {
        const readme = `${before}\n<!-- BEGIN GENERATED demo -->\n${inside}\n${close}\n${after}`;
        const written = generatedReadme(readme, [section]);
        expect(written).toBe(`${before}\n${open}\n| a |\n| --- |\n${close}\n${after}`);
        // Idempotent: a second run changes nothing.
        expect(generatedReadme(written, [section])).toBe(written);
      }),
    );
  });

  it.each([
    ["no markers", "# README\n", "0 opening and 0 closing"],
    ["only the opening one", `${open}\n`, "1 opening and 0 closing"],
    ["two sections of the same name", `${open}\n${close}\n${open}\n${close}\n`, "2 opening and 2 closing"],
  ])("refuses a README with %s, saying which markers to keep", (_what, readme, counted) => {
    const attempt = () => withSection(readme, section, "x");
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(`README.md has ${counted} markers of the generated demo section; it needs one of each. Fix: keep exactly one pair of lines\n  ${open}\n  ${close}\n`);
  });

  it("refuses markers in the wrong order", () => {
    expect(() => withSection(`${close}\n${open}\n`, section, "x")).toThrow("README.md closes the generated demo section before it opens it.");
  });
});
