import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { code, mermaidLabel, table } from "../../../cli/plan/documents/markdown";

describe("table", () => {
  it("keeps every row to its columns, whatever the cells hold", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom("a", "|", "\n", "`", " ", "\\") }), { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const lines = table(["A", "B", "C"], rows).split("\n");
        expect(lines).toHaveLength(rows.length + 2);
        // A pipe that is not escaped separates cells: four on each line for three columns.
        for (const line of lines) expect(line.match(/(?<!\\)\|/g)).toHaveLength(4);
      }),
    );
  });
});

describe("code", () => {
  it.each([
    ["plain", "`plain`"],
    ["a `tick`", "`` a `tick` ``"],
    ["a`b", "``a`b``"],
    ["`start", "`` `start ``"],
  ])("%s → %s", (text, written) => expect(code(text)).toBe(written));
});

describe("mermaidLabel", () => {
  it("never lets the text end the label or add markup", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", '"', "<", ">", "/", " ", "#") }), { minLength: 1, maxLength: 4 }), (lines) => {
        const label = mermaidLabel(...lines);
        expect(label.startsWith('"') && label.endsWith('"')).toBe(true);
        expect(label.slice(1, -1)).not.toContain('"');
        expect(label.slice(1, -1).replaceAll("<br/>", "")).not.toMatch(/[<>]/);
        expect(label.split("<br/>")).toHaveLength(lines.length);
      }),
    );
  });
});
