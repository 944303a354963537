/**
 * The README's generated tables, written from the code that holds their facts, so the README cannot drift from it:
 *
 *   npm run docs
 *
 * rewrites every section between `<!-- BEGIN GENERATED <name> ... -->` and `<!-- END GENERATED <name> -->` in
 * README.md and leaves everything else as it is. test/scripts/readme-tables.test.ts fails when a section differs from
 * what this script would write.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { code, table } from "../cli/plan/documents/markdown";
import { runCommand } from "../cli/output";
import { UsageError } from "../cli/usage-error";
import { CONFIG_REFERENCE, type ConfigKeyReference } from "../config/reference";
import { rules } from "../policies/rules";

type Rule = (typeof rules)[number];

export const README = join(__dirname, "..", "README.md");

/** A table cell as plain text: written as inline code (optionally a link), or as text with Markdown's marks escaped. */
export interface Cell {
  text: string;
  code?: boolean;
  link?: string;
}

export interface GeneratedSection {
  name: string;
  /** Where the facts come from, named in the opening marker. */
  source: string;
  /** Lines above the table. */
  intro: readonly string[];
  headers: readonly string[];
  rows(): Cell[][];
}

/**
 * Text that Markdown shows as written: its emphasis, strikethrough, code, link and escape marks escaped, `&` and `<`
 * written as entities so `mail.<domain>` is not read as an HTML tag.
 */
const prose = (text: string) => text.replace(/[\\`*_~[\]]/g, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;");

const written = (cell: Cell) => {
  if (cell.code !== true) return prose(cell.text);
  return cell.link === undefined ? code(cell.text) : `[${code(cell.text)}](${cell.link})`;
};

/** A section's content: its intro, a blank line and its table. */
export const renderSection = (section: GeneratedSection) => [...section.intro, "", table(section.headers, section.rows().map((row) => row.map(written)))].join("\n");

/** A resource type token's own name: cloudflare:index/zoneSetting:ZoneSetting → ZoneSetting. */
const typeName = (token: string) => token.slice(token.lastIndexOf(":") + 1);

/** When the engine runs a rule: on each resource of its types before it is created, or once on the whole stack. */
const runsOn = (rule: Rule) => (rule.kind === "resource" ? `each ${rule.resourceTypes.map(typeName).join(", ")}` : "the stack");

const RULES_DIR = join(__dirname, "..", "policies", "rules");

/** The file that holds a policy, policies/rules/<area>/<policy>.ts (test/policies/rule-files.test.ts keeps it so). */
export function ruleFile(name: string): string {
  const areas = readdirSync(RULES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const found = areas.filter((area) => existsSync(join(RULES_DIR, area.name, `${name}.ts`)));
  if (found.length !== 1 || found[0] === undefined) {
    throw new UsageError(`Policy ${name} is in ${found.length} files under policies/rules/<area>/, and needs exactly one: policies/rules/<area>/${name}.ts.`);
  }
  return `policies/rules/${found[0].name}/${name}.ts`;
}

/** Every rule of the pack, in report order, each linked to its file. */
export const policyRows = (list: readonly Rule[]): Cell[][] =>
  list.map((rule) => [{ text: rule.name, code: true, link: ruleFile(rule.name) }, { text: rule.enforcementLevel }, { text: runsOn(rule) }, { text: rule.description }]);

/** Every key of the stack config, a key's own keys below it. */
const configRows = (list: readonly ConfigKeyReference[]): Cell[][] =>
  list.map((key) => [{ text: key.key, code: true }, { text: key.type }, { text: key.default }, { text: key.description }]);

export const SECTIONS: readonly GeneratedSection[] = [
  {
    name: "config",
    source: "config/schema.ts and config/defaults.ts (config/reference.ts)",
    intro: [
      "Every key, with the keys inside it below it (`[]`: each entry of a list, `<label>`: each entry of a map). What a",
      "key does is its description in `config/schema.ts`; what happens when it is left out is its default in",
      "`config/defaults.ts`.",
    ],
    headers: ["key", "written as", "default", "what it does"],
    rows: () => configRows(CONFIG_REFERENCE),
  },
  {
    name: "policies",
    source: "policies/rules/index.ts",
    intro: [
      "Every rule of the pack, in report order. A rule that runs on *each* resource of a type checks it before the engine",
      'creates it; one that runs on *the stack* checks relations across resources (see "What blocks what" above).',
    ],
    headers: ["policy", "level", "runs on", "checks"],
    rows: () => policyRows(rules),
  },
];

const begin = (section: GeneratedSection) => `<!-- BEGIN GENERATED ${section.name}: written by npm run docs from ${section.source}; edit the source, not this table -->`;
const end = (section: GeneratedSection) => `<!-- END GENERATED ${section.name} -->`;

/** Where a section's markers are: the opening marker's start, and the text between the two markers. */
function locate(readme: string, section: GeneratedSection): { open: number; start: number; stop: number } {
  const opens = [...readme.matchAll(new RegExp(`^<!-- BEGIN GENERATED ${section.name}(:.*)? -->$`, "gm"))];
  const closes = [...readme.matchAll(new RegExp(`^${end(section)}$`, "gm"))];
  const fix = `Fix: keep exactly one pair of lines\n  ${begin(section)}\n  ${end(section)}\nin README.md where the ${section.name} table belongs, then run npm run docs.`;
  const [opening] = opens;
  const [closing] = closes;
  if (opens.length !== 1 || closes.length !== 1 || opening === undefined || closing === undefined) {
    throw new UsageError(`README.md has ${opens.length} opening and ${closes.length} closing markers of the generated ${section.name} section; it needs one of each. ${fix}`);
  }
  const start = opening.index + opening[0].length;
  if (closing.index < start) throw new UsageError(`README.md closes the generated ${section.name} section before it opens it. ${fix}`);
  return { open: opening.index, start, stop: closing.index };
}

/** What stands between a section's markers now. */
export function currentSection(readme: string, section: GeneratedSection): string {
  const { start, stop } = locate(readme, section);
  return readme.slice(start, stop);
}

/** What a section's markers should enclose: its content on lines of its own. */
export const expectedSection = (section: GeneratedSection) => `\n${renderSection(section)}\n`;

/** The README with one section rewritten (its opening marker too, so it names the source) and nothing else changed. */
export function withSection(readme: string, section: GeneratedSection, content: string): string {
  const { open, stop } = locate(readme, section);
  return `${readme.slice(0, open)}${begin(section)}${content}${readme.slice(stop)}`;
}

/** The README with every generated section rewritten. */
export const generatedReadme = (readme: string, sections: readonly GeneratedSection[] = SECTIONS) =>
  sections.reduce((text, section) => withSection(text, section, expectedSection(section)), readme);

if (require.main === module) {
  runCommand("docs", async () => {
    try {
      const before = readFileSync(README, "utf8");
      const after = generatedReadme(before);
      const names = SECTIONS.map((s) => s.name).join(", ");
      if (after !== before) writeFileSync(README, after);
      console.log(after === before ? `README.md: the generated sections (${names}) are up to date.` : `README.md: rewrote the generated sections (${names}).`);
      return 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`docs: ${err.message}`);
      return 2;
    }
  });
}
