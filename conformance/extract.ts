/**
 * Reads facts out of the providers' own sources: the attribute schemas of terraform-provider-cloudflare v5
 * (internal/services/<resource>/schema.go, generated Go), its zone-setting table (docs/resources/zone_setting.md), and
 * Cloudflare's per-plan limits (cloudflare-docs src/content/plans/index.json and the rate-limiting availability
 * partial). Pure: text in, plain data out; scripts/extract-facts.ts does the reading and writing. Hand-written: no
 * library reads Go source from Node, and the generated schema files follow one regular layout.
 */

/** What the provider accepts for one attribute. */
export interface AttributeFact {
  /** The framework type: String, Int64, Float64, Bool, List, Set, Map, Dynamic, SingleNested, ListNested, ... */
  kind: string;
  required?: true;
  optional?: true;
  computed?: true;
  /** stringvalidator.OneOf / OneOfCaseInsensitive. */
  oneOf?: string[];
  caseInsensitive?: true;
  /** Allowed values of each element of a list of strings (listvalidator.ValueStringsAre(OneOf...)). */
  elementOneOf?: string[];
  /** int64validator.OneOf. */
  intOneOf?: number[];
  /** int64/float64 Between, AtLeast, AtMost. */
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
}

/** Attribute path (TF names, "[]" for each element of a nested list: rules[].action_parameters.phases) → fact. */
export type SchemaFacts = Record<string, AttributeFact>;

/** The Go source with comments blanked out (strings kept), so commented-out validators are not read. */
export function stripGoComments(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "`") {
      const end = stringEnd(source, i);
      out += source.slice(i, end + 1);
      i = end;
    } else if (c === "/" && source[i + 1] === "/") {
      while (i < source.length && source[i] !== "\n") i++;
      out += "\n";
    } else {
      out += c;
    }
  }
  return out;
}

/** Index of the closing quote of the Go string literal opening at `start`. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** Index of the bracket closing the one at `open` ({ or (), skipping string literals. */
export function closing(text: string, open: number): number {
  const pair: Record<string, string> = { "{": "}", "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === '"' || c === "`") i = stringEnd(text, i);
    else if (c in pair) stack.push(pair[c] ?? "");
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

const ATTRIBUTE_MAP = "Attributes: map[string]schema.Attribute{";
const ENTRY = /\s*,?\s*"([^"]+)":\s*schema\.(\w+)Attribute\{/y;

/** The Go string literals in a text, decoded. */
function stringLiterals(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] ?? ""}"`) as string);
}

const numbers = (text: string): number[] => text.split(",").map((s) => Number(s.trim())).filter((n) => !Number.isNaN(n));

/** The argument text of the first call `name(` in `text`, or undefined. */
function callArgs(text: string, name: string): string | undefined {
  const at = text.indexOf(`${name}(`);
  if (at < 0) return undefined;
  const open = at + name.length;
  return text.slice(open + 1, closing(text, open));
}

function readFact(kind: string, own: string): AttributeFact {
  const fact: AttributeFact = { kind };
  if (/\bRequired:\s*true\b/.test(own)) fact.required = true;
  if (/\bOptional:\s*true\b/.test(own)) fact.optional = true;
  if (/\bComputed:\s*true\b/.test(own)) fact.computed = true;
  const elements = callArgs(own, "listvalidator.ValueStringsAre");
  const scalar = elements === undefined ? own : own.replace(elements, "");
  if (elements !== undefined) {
    const values = callArgs(elements, "stringvalidator.OneOfCaseInsensitive") ?? callArgs(elements, "stringvalidator.OneOf");
    if (values !== undefined) fact.elementOneOf = stringLiterals(values);
  }
  const insensitive = callArgs(scalar, "stringvalidator.OneOfCaseInsensitive");
  const sensitive = callArgs(scalar, "stringvalidator.OneOf");
  if (insensitive !== undefined) {
    fact.oneOf = stringLiterals(insensitive);
    fact.caseInsensitive = true;
  } else if (sensitive !== undefined) {
    fact.oneOf = stringLiterals(sensitive);
  }
  const intOneOf = callArgs(scalar, "int64validator.OneOf");
  if (intOneOf !== undefined) fact.intOneOf = numbers(intOneOf);
  for (const v of ["int64validator", "float64validator"]) {
    const between = callArgs(scalar, `${v}.Between`);
    if (between !== undefined) [fact.min, fact.max] = numbers(between);
    const atLeast = callArgs(scalar, `${v}.AtLeast`);
    if (atLeast !== undefined) fact.min = numbers(atLeast)[0];
    const atMost = callArgs(scalar, `${v}.AtMost`);
    if (atMost !== undefined) fact.max = numbers(atMost)[0];
  }
  const length = callArgs(scalar, "stringvalidator.LengthBetween");
  if (length !== undefined) [fact.minLength, fact.maxLength] = numbers(length);
  const minLength = callArgs(scalar, "stringvalidator.LengthAtLeast");
  if (minLength !== undefined) fact.minLength = numbers(minLength)[0];
  const maxLength = callArgs(scalar, "stringvalidator.LengthAtMost");
  if (maxLength !== undefined) fact.maxLength = numbers(maxLength)[0];
  return fact;
}

/** Reads the entries of the attribute map whose `{` is at `open`, into `facts` under `prefix`. */
function readAttributeMap(text: string, open: number, prefix: string, facts: SchemaFacts): void {
  const end = closing(text, open);
  let cursor = open + 1;
  for (;;) {
    ENTRY.lastIndex = cursor;
    const entry = ENTRY.exec(text);
    if (entry === null || entry.index >= end) break;
    const [match, name = "", kind = ""] = entry;
    const blockOpen = entry.index + match.length - 1;
    const blockEnd = closing(text, blockOpen);
    const block = text.slice(blockOpen, blockEnd + 1);
    const path = prefix === "" ? name : `${prefix}.${name}`;
    const child = block.indexOf(ATTRIBUTE_MAP);
    const own = child < 0 ? block : block.slice(0, child) + block.slice(closing(block, child + ATTRIBUTE_MAP.length - 1) + 1);
    facts[path] = readFact(kind, own);
    if (child >= 0) {
      const elements = kind.endsWith("Nested") && kind !== "SingleNested" ? `${path}[]` : path;
      readAttributeMap(text, blockOpen + child + ATTRIBUTE_MAP.length - 1, elements, facts);
    }
    cursor = blockEnd + 1;
  }
}

/** Every attribute of the resource schema (func ResourceSchema) of a provider schema.go. */
export function parseResourceSchema(goSource: string): SchemaFacts {
  const text = stripGoComments(goSource);
  const fn = text.indexOf("func ResourceSchema(");
  if (fn < 0) throw new Error("no func ResourceSchema in this schema.go");
  const map = text.indexOf(ATTRIBUTE_MAP, fn);
  if (map < 0) throw new Error("ResourceSchema has no attribute map");
  const facts: SchemaFacts = {};
  readAttributeMap(text, map + ATTRIBUTE_MAP.length - 1, "", facts);
  return facts;
}

/** What a zone setting takes: the listed string values, or a value type (Object, Number, ...). */
export type ZoneSettingFact = { values: string[] } | { type: string };

/** The "Setting ID | Value Type | Description" table of docs/resources/zone_setting.md. */
export function parseZoneSettingTable(markdown: string): Record<string, ZoneSettingFact> {
  const settings: Record<string, ZoneSettingFact> = {};
  for (const line of markdown.split("\n")) {
    const row = /^\|\s*`([a-z0-9_]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (row === null) continue;
    const [, id = "", valueType = ""] = row;
    const values = [...valueType.matchAll(/`"([^"]*)"`|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? "");
    settings[id] = values.length > 0 ? { values } : { type: valueType.replace(/\s*\(.*\)$/, "") };
  }
  return settings;
}

/** The TTL rule of a DNS record, which the provider states only in the ttl attribute's description. */
export interface TtlRule {
  automatic: number;
  min: number;
  max: number;
  enterpriseMin: number;
}

export function parseTtlRule(goSource: string): TtlRule {
  const m = /"ttl": schema\.\w+Attribute\{\s*Description:\s*"Time To Live \(TTL\) of the DNS record in seconds\. Setting to (\d+) means 'automatic'\. Value must be between (\d+) and (\d+), with the minimum reduced to (\d+) for Enterprise zones\."/.exec(goSource);
  if (m === null) throw new Error("dns_record schema.go: the ttl description no longer states the TTL rule; read it and update parseTtlRule");
  const [automatic, min, max, enterpriseMin] = m.slice(1).map(Number) as [number, number, number, number];
  return { automatic, min, max, enterpriseMin };
}

// --- Cloudflare's per-plan limits (cloudflare-docs) ------------------------------------------------------------------

/** The plans the template sizes for, and their column keys in src/content/plans/index.json. */
export const DOCS_PLAN_KEYS = { free: "free", pro: "pro", business: "biz", enterprise: "ent" } as const;
export type DocsPlan = keyof typeof DOCS_PLAN_KEYS;

/** A whole number as the plans data writes it: 5, "5", "1,000". */
export function docsNumber(value: unknown): number {
  const n = typeof value === "number" ? value : Number(String(value).replace(/,/g, ""));
  if (!Number.isInteger(n)) throw new Error(`not a whole number in the plans data: ${JSON.stringify(value)}`);
  return n;
}

/** A duration as the plans data writes it: "2 hours", "1 hour", "1 second", "10 s", "1&nbsp;min", "65,535&nbsp;s". */
export function docsSeconds(text: string): number {
  const m = /^([\d,]+)(?:\s|&nbsp;)*(s|seconds?|min|minutes?|h|hours?|day|days)$/.exec(text.trim());
  if (m === null) throw new Error(`not a duration in the plans data: ${JSON.stringify(text)}`);
  const unit = { s: 1, second: 1, seconds: 1, min: 60, minute: 60, minutes: 60, h: 3600, hour: 3600, hours: 3600, day: 86400, days: 86400 }[m[2] as "s"];
  return docsNumber(m[1]) * unit;
}

/** The rows of the rate-limiting availability table (rate-limiting-availability-by-plan.mdx), by feature. */
export function parseAvailabilityTable(mdx: string): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const line of mdx.split("\n")) {
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    const [feature = "", ...plans] = cells;
    rows[feature.replace(/<br\/>/g, " ")] = plans;
  }
  return rows;
}

/** The period values footnote 3 lists ("Supported period values in seconds: 10, 15, ..."). */
export function supportedPeriods(mdx: string): number[] {
  const m = /\[\^3\]:\s*Supported period values in seconds:(?:<br\/>)?\s*([^\n]+)/.exec(mdx);
  if (m === null) throw new Error("the rate-limiting availability partial no longer lists the supported period values in footnote 3");
  return [...(m[1] ?? "").matchAll(/(\d[\d,]*)(?:\s*\([^)]*\))?/g)].map((x) => docsNumber(x[1]));
}

/** One plan's cell of a "Counting periods" or "Mitigation timeout periods" row, as the values it allows. */
export function periodsOf(cell: string, supported: readonly number[]): number[] {
  const text = cell.replace(/\[\^\d\]/g, "").replace(/&nbsp;/g, " ").trim();
  const upTo = /^All supported values up to (.+)$/.exec(text);
  if (upTo !== null) {
    const limit = docsSeconds(upTo[1] ?? "");
    return supported.filter((v) => v <= limit);
  }
  return [docsSeconds(text)];
}

/** A plan's cell of a list row ("Host, URI, Path, [Verified Bot](...)") as its labels. */
export const labelsOf = (cell: string): string[] =>
  cell.replace(/\[\^\d\]/g, "").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").split(",").map((s) => s.trim()).filter((s) => s !== "");
