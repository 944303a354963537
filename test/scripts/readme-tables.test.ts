import { readFileSync } from "node:fs";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/usage-error";
import { rules } from "../../policies/rules";
import { currentSection, expectedSection, generatedReadme, policyRows, README, renderSection, ruleFile, SECTIONS, withSection, type Cell, type GeneratedSection } from "../../scripts/readme-tables";

/**
 * What a Markdown reader shows of a table: each body row's cells as text (markdown-it, CommonMark with GFM tables; the
 * HTML read with htmlparser2, an ES module that CommonJS reaches through import()).
 */
const loadHtmlparser2 = () => import("htmlparser2");
let html: Awaited<ReturnType<typeof loadHtmlparser2>>;
beforeAll(async () => {
  html = await loadHtmlparser2();
});
function shownRows(markdown: string): string[][] {
  const { DomUtils, parseDocument } = html;
  const dom = parseDocument(new MarkdownIt().render(markdown));
  return DomUtils.getElementsByTagName("tbody", dom).flatMap((body) => DomUtils.getElementsByTagName("tr", body).map((row) => DomUtils.getElementsByTagName("td", row).map((cell) => DomUtils.textContent(cell))));
}
const texts = (rows: Cell[][]) => rows.map((row) => row.map((cell) => cell.text));

describe("the README's generated sections", () => {
  const readme = readFileSync(README, "utf8");

  it.each(SECTIONS.map((s) => [s.name, s] as const))("%s is what npm run docs writes", (name, section) => {
    expect(currentSection(readme, section), `README.md's generated ${name} section is stale: run \`npm run docs\` and commit README.md`).toBe(expectedSection(section));
  });

  it("are all there is to rewrite: npm run docs changes nothing else, markers included", () => {
    expect(generatedReadme(readme) === readme, "README.md differs from what npm run docs writes: run `npm run docs` and commit README.md").toBe(true);
  });
});

describe("the generated tables, as a Markdown reader shows them", () => {
  const readme = readFileSync(README, "utf8");

  it.each(SECTIONS.map((s) => [s.name, s] as const))("%s shows every cell exactly as its source says it", (_name, section) => {
    expect(shownRows(currentSection(readme, section))).toEqual(texts(section.rows()));
  });

  it("shows any text as written, whatever Markdown marks, entities or tags it holds", () => {
    const unit = fc.constantFrom("a", " ", "|", "<", ">", "&", "*", "_", "~", "`", "\\", "[", "]", "(", ")", "!", "#", ";");
    const prose = fc.string({ unit }).map((t) => t.trim());
    const code = fc.string({ unit: fc.constantFrom("a", "-", ".", "<", ">", "[", "]", "*", "_", "&") }).filter((t) => t !== "");
    fc.assert(
      fc.property(fc.array(fc.tuple(code, prose), { minLength: 1, maxLength: 4 }), (rows) => {
        const cells: Cell[][] = rows.map(([key, text]) => [{ text: key, code: true }, { text }]);
        const section: GeneratedSection = { name: "demo", source: "lib/demo.ts", intro: [], headers: ["key", "text"], rows: () => cells };
        expect(shownRows(renderSection(section))).toEqual(texts(cells));
      }),
    );
  });
});

describe("the policy table", () => {
  const rows = policyRows(rules);
  const row = (name: string) => rows.find((r) => r[0]?.text === name);

  it("has one row per rule of the pack, in report order, linked to its file, with its level and what it runs on", () => {
    expect(rows.map((r) => r[0]?.text)).toEqual(rules.map((r) => r.name));
    expect(row("zone-ssl-strict")).toEqual([{ text: "zone-ssl-strict", code: true, link: "policies/rules/zone/zone-ssl-strict.ts" }, { text: "mandatory" }, { text: "each ZoneSetting" }, { text: expect.stringMatching(/^Checks that the zone's SSL\/TLS mode is Full \(strict\), because /) }]);
    expect(row("iam-policy-exact-secret-arns")?.slice(0, 3)).toEqual([{ text: "iam-policy-exact-secret-arns", code: true, link: "policies/rules/secrets/iam-policy-exact-secret-arns.ts" }, { text: "mandatory" }, { text: "each Policy, RolePolicy" }]);
    expect(row("dns-dmarc-policy-enforced")?.slice(1, 3)).toEqual([{ text: "advisory" }, { text: "each DnsRecord" }]);
    expect(row("canonical-host-redirect")?.slice(1, 3)).toEqual([{ text: "mandatory" }, { text: "the stack" }]);
    for (const rule of rules) expect(row(rule.name)?.[3], rule.name).toEqual({ text: rule.description });
  });
});

describe("ruleFile", () => {
  it("refuses a policy without its file, naming where it belongs", () => {
    expect(() => ruleFile("no-such-policy")).toThrow("Policy no-such-policy is in 0 files under policies/rules/<area>/, and needs exactly one: policies/rules/<area>/no-such-policy.ts.");
  });
});

describe("withSection", () => {
  const section: GeneratedSection = { name: "demo", source: "lib/demo.ts", intro: ["Demo."], headers: ["a"], rows: () => [[{ text: "b" }]] };
  const open = "<!-- BEGIN GENERATED demo: written by npm run docs from lib/demo.ts; edit the source, not this table -->";
  const close = "<!-- END GENERATED demo -->";
  const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "|", "<", "-", "!") });

  it("rewrites only what stands between the markers, and the opening marker itself", () => {
    fc.assert(
      fc.property(text, text, text, (before, inside, after) => {
        const readme = `${before}\n<!-- BEGIN GENERATED demo -->\n${inside}\n${close}\n${after}`;
        const written = generatedReadme(readme, [section]);
        expect(written).toBe(`${before}\n${open}\nDemo.\n\n| a |\n| --- |\n| b |\n${close}\n${after}`);
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
