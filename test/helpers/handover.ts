import { expect } from "vitest";
import { FOUNDER_HEADING, FOUNDER_PAGE_LINES } from "../../cli/plan/documents/handover";

/** The handover's founder page (from the top to the first appendix), its subheadings, checklist and appendix headings. */
export function founderPage(markdown: string): { lines: string[]; parts: string[]; todo: string[]; appendices: string[] } {
  const all = markdown.split("\n");
  const firstAppendix = all.findIndex((l) => l.startsWith("## Appendix "));
  const lines = firstAppendix === -1 ? all : all.slice(0, firstAppendix);
  const part = (heading: string) => {
    const start = lines.indexOf(heading);
    const end = lines.findIndex((l, i) => i > start && l.startsWith("#"));
    return lines.slice(start + 1, end === -1 ? undefined : end);
  };
  return {
    lines,
    parts: lines.filter((l) => l.startsWith("## ") || l.startsWith("### ")),
    todo: part("### What is still to do").filter((l) => l.startsWith("- [ ] ")),
    appendices: all.filter((l) => l.startsWith("## Appendix ")),
  };
}

/** The founder page fits the line budget, has its three parts, and every checklist item names an appendix the pack has. */
export function expectOnePage(markdown: string): ReturnType<typeof founderPage> {
  const page = founderPage(markdown);
  expect(page.lines.length).toBeLessThanOrEqual(FOUNDER_PAGE_LINES);
  expect(page.parts).toEqual([FOUNDER_HEADING, "### What is still to do", "### Who to call", "### How to tell a real outage"]);
  expect(page.todo.length).toBeGreaterThan(0);
  for (const item of page.todo) {
    const letter = /: Appendix ([A-Z])\.$/.exec(item)?.[1];
    expect(letter, item).toBeDefined();
    expect(page.appendices.filter((h) => h.startsWith(`## Appendix ${letter ?? ""}. `)), item).toHaveLength(1);
  }
  return page;
}
