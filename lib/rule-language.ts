import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * A reader for the part of Cloudflare's Rules language (wirefilter) that edge rules use, so policies can check what a
 * rule does to a request instead of how its text looks: parse an expression, evaluate it against a sample request.
 * Grammar and literal syntax follow cloudflare/wirefilter (engine/src/lex.rs, rhs_types/bytes.rs, wildcard.rs) and
 * https://developers.cloudflare.com/ruleset-engine/rules-language/. Anything outside the subset (regex `matches`,
 * lists, unknown fields or functions) is an ExpressionError: a check that cannot read a rule must not pass it.
 */

export class ExpressionError extends Error {
  constructor(message: string, readonly expression: string) {
    super(`${message} in ${JSON.stringify(expression.length > 120 ? `${expression.slice(0, 117)}...` : expression)}`);
    this.name = "ExpressionError";
  }
}

/** A sample HTTP request as the edge sees it (path already normalized). */
export interface Probe {
  host: string;
  path: string;
  /** Without the leading "?". */
  query?: string;
  scheme?: "http" | "https";
  ip?: string;
  method?: string;
  /** Header values by lowercase name. */
  headers?: Readonly<Record<string, readonly string[]>>;
}

type Scalar = string | number | boolean;
type Value = Scalar | Value[] | { readonly [key: string]: readonly string[] };

export type Node =
  | { kind: "literal"; value: Scalar }
  | { kind: "field"; name: string }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "index"; target: Node; key: string | null }
  | { kind: "compare"; op: Comparison; left: Node; right: Scalar }
  | { kind: "in"; left: Node; set: string[] }
  | { kind: "not"; operand: Node }
  | { kind: "logic"; op: "and" | "or" | "xor"; left: Node; right: Node };

type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "contains" | "wildcard" | "strict wildcard";

const FIELDS: Readonly<Record<string, (p: Probe) => Value>> = {
  "http.host": (p) => p.host,
  "http.request.uri.path": (p) => p.path,
  "http.request.uri.query": (p) => p.query ?? "",
  "http.request.uri": (p) => (p.query ? `${p.path}?${p.query}` : p.path),
  "http.request.full_uri": (p) => `${p.scheme ?? "https"}://${p.host}${p.query ? `${p.path}?${p.query}` : p.path}`,
  "http.request.method": (p) => p.method ?? "GET",
  "http.request.headers": (p) => ({ ...(p.headers ?? {}) }),
  "http.cookie": (p) => (p.headers?.["cookie"] ?? []).join("; "),
  "http.user_agent": (p) => p.headers?.["user-agent"]?.[0] ?? "",
  "ip.src": (p) => p.ip ?? "198.51.100.1",
  ssl: (p) => (p.scheme ?? "https") === "https",
  "cf.bot_management.verified_bot": () => false,
};

const WORD_OPERATORS: Readonly<Record<string, Comparison>> = { eq: "eq", ne: "ne", lt: "lt", le: "le", gt: "gt", ge: "ge", contains: "contains", wildcard: "wildcard" };
const SYMBOL_OPERATORS: readonly [string, Comparison][] = [["==", "eq"], ["!=", "ne"], ["<=", "le"], [">=", "ge"], ["<", "lt"], [">", "gt"]];
const KEYWORDS = new Set(["and", "or", "xor", "not", "in", "matches", "strict", ...Object.keys(WORD_OPERATORS)]);

/** Parsed expressions by text: the policies ask about the same few rules many times (parse is pure). */
const parsed = new Map<string, Node>();

/** Parses an expression; throws ExpressionError on syntax outside the supported subset. */
export function parse(expression: string): Node {
  const known = parsed.get(expression);
  if (known !== undefined) return known;
  const parser = new Parser(expression);
  const node = parser.expression();
  parser.end();
  if (parsed.size >= 1000) parsed.clear();
  parsed.set(expression, node);
  return node;
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  private fail(message: string): never {
    throw new ExpressionError(`${message} at character ${this.at}`, this.text);
  }
  private space(): void {
    while (/\s/.test(this.text[this.at] ?? "")) this.at++;
  }
  private peekWord(): string {
    this.space();
    return /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.text.slice(this.at))?.[0] ?? "";
  }
  private word(expected: string): boolean {
    if (this.peekWord() !== expected) return false;
    this.at += expected.length;
    return true;
  }
  private symbol(expected: string): boolean {
    this.space();
    if (!this.text.startsWith(expected, this.at)) return false;
    this.at += expected.length;
    return true;
  }
  end(): void {
    this.space();
    if (this.at < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + 10))}`);
  }

  // Precedence, loosest first: or, xor, and, not.
  expression(): Node {
    let left = this.xor();
    while (this.word("or") || this.symbol("||")) left = { kind: "logic", op: "or", left, right: this.xor() };
    return left;
  }
  private xor(): Node {
    let left = this.and();
    while (this.word("xor") || this.symbol("^^")) left = { kind: "logic", op: "xor", left, right: this.and() };
    return left;
  }
  private and(): Node {
    let left = this.negation();
    while (this.word("and") || this.symbol("&&")) left = { kind: "logic", op: "and", left, right: this.negation() };
    return left;
  }
  private negation(): Node {
    this.space();
    if (this.word("not") || (this.text[this.at] === "!" && this.text[this.at + 1] !== "=" && this.symbol("!"))) {
      return { kind: "not", operand: this.negation() };
    }
    return this.comparison();
  }
  private comparison(): Node {
    if (this.symbol("(")) {
      const inner = this.expression();
      if (!this.symbol(")")) this.fail('expected ")"');
      return inner;
    }
    const left = this.value();
    const word = this.peekWord();
    if (word === "matches" || this.text.slice(this.at).trimStart().startsWith("~")) this.fail("regular expressions (matches) are not supported");
    if (word === "in") {
      this.word("in");
      return { kind: "in", left, set: this.set() };
    }
    if (word === "strict") {
      this.word("strict");
      if (!this.word("wildcard")) this.fail('expected "wildcard" after "strict"');
      return { kind: "compare", op: "strict wildcard", left, right: this.literal() };
    }
    const wordOp = WORD_OPERATORS[word];
    if (wordOp !== undefined) {
      this.word(word);
      return { kind: "compare", op: wordOp, left, right: this.literal() };
    }
    for (const [symbol, op] of SYMBOL_OPERATORS) {
      if (this.symbol(symbol)) return { kind: "compare", op, left, right: this.literal() };
    }
    return left;
  }
  private value(): Node {
    this.space();
    const ch = this.text[this.at] ?? "";
    if (ch === '"' || (ch === "r" && /^r#*"/.test(this.text.slice(this.at)))) return { kind: "literal", value: this.string() };
    if (/[0-9-]/.test(ch)) return { kind: "literal", value: this.number() };
    const name = this.peekWord();
    if (name === "") this.fail("expected a field, a function or a literal");
    if (KEYWORDS.has(name)) this.fail(`unexpected keyword ${name}`);
    this.at += name.length;
    let node: Node;
    if (name === "true" || name === "false") node = { kind: "literal", value: name === "true" };
    else if (this.symbol("(")) {
      const args: Node[] = [];
      if (!this.symbol(")")) {
        do args.push(this.expression());
        while (this.symbol(","));
        if (!this.symbol(")")) this.fail(`expected ")" after the arguments of ${name}`);
      }
      node = { kind: "call", name, args };
    } else node = { kind: "field", name };
    while (this.symbol("[")) {
      const key = this.symbol("*") ? null : this.string();
      if (!this.symbol("]")) this.fail('expected "]"');
      node = { kind: "index", target: node, key };
    }
    return node;
  }
  private literal(): Scalar {
    this.space();
    const ch = this.text[this.at] ?? "";
    if (ch === '"' || ch === "r") return this.string();
    if (/[0-9-]/.test(ch)) return this.number();
    return this.fail("expected a literal value");
  }
  private number(): number {
    const match = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.at));
    if (match === null) return this.fail("expected a number");
    this.at += match[0].length;
    return Number(match[0]);
  }
  /** A quoted string with wirefilter's escapes, or a raw string r"…" / r#"…"#. */
  private string(): string {
    const raw = /^r(#*)"/.exec(this.text.slice(this.at));
    if (raw !== null) {
      const close = `"${raw[1] ?? ""}`;
      const start = this.at + raw[0].length;
      const end = this.text.indexOf(close, start);
      if (end < 0) this.fail("missing the end of a raw string");
      this.at = end + close.length;
      return this.text.slice(start, end);
    }
    if (this.text[this.at] !== '"') this.fail("expected a string");
    this.at++;
    let bytes: number[] = [];
    const out: string[] = [];
    const flush = () => {
      if (bytes.length > 0) out.push(Buffer.from(bytes).toString("latin1"));
      bytes = [];
    };
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined) this.fail("missing the closing quote of a string");
      this.at++;
      if (ch === '"') break;
      if (ch !== "\\") {
        flush();
        out.push(ch);
        continue;
      }
      const next = this.text[this.at] ?? "";
      if (next === '"' || next === "\\") {
        flush();
        out.push(next);
        this.at++;
      } else if (next === "x" && /^[0-9A-Fa-f]{2}$/.test(this.text.slice(this.at + 1, this.at + 3))) {
        bytes.push(parseInt(this.text.slice(this.at + 1, this.at + 3), 16));
        this.at += 3;
      } else if (/^[0-7]{3}$/.test(this.text.slice(this.at, this.at + 3))) {
        bytes.push(parseInt(this.text.slice(this.at, this.at + 3), 8));
        this.at += 3;
      } else this.fail(`invalid escape \\${next}`);
    }
    flush();
    return out.join("");
  }
  /** `{ item item … }`: strings, numbers, IP addresses and CIDR blocks. Named lists ($name) are not supported. */
  private set(): string[] {
    if (this.symbol("$")) this.fail("named lists are not supported");
    if (!this.symbol("{")) this.fail('expected "{"');
    const items: string[] = [];
    while (!this.symbol("}")) {
      this.space();
      if (this.at >= this.text.length) this.fail('missing "}"');
      const ch = this.text[this.at] ?? "";
      if (ch === '"' || /^r#*"/.test(this.text.slice(this.at))) items.push(this.string());
      else {
        const bare = /^[0-9A-Za-z:.\/-]+/.exec(this.text.slice(this.at));
        if (bare === null) this.fail("unexpected character in a set");
        items.push(bare[0]);
        this.at += bare[0].length;
      }
    }
    return items;
  }
}

/** Evaluates a parsed expression (or its text) against a request; throws ExpressionError for unsupported parts. */
export function matches(expression: string | Node, probe: Probe): boolean {
  const node = typeof expression === "string" ? parse(expression) : expression;
  const text = typeof expression === "string" ? expression : "(parsed expression)";
  const result = evaluate(node, probe, text);
  if (typeof result !== "boolean") throw new ExpressionError("the expression does not evaluate to true or false", text);
  return result;
}

/** Evaluates an expression that yields a string, such as a redirect's target `concat("https://…", http.request.uri.path)`. */
export function evaluateString(expression: string, probe: Probe): string {
  const result = evaluate(parse(expression), probe, expression);
  if (typeof result !== "string") throw new ExpressionError("the expression does not evaluate to a string", expression);
  return result;
}

function evaluate(node: Node, probe: Probe, text: string): Value {
  const fail = (message: string): never => {
    throw new ExpressionError(message, text);
  };
  switch (node.kind) {
    case "literal":
      return node.value;
    case "field": {
      const field = FIELDS[node.name];
      return field === undefined ? fail(`the field ${node.name} is not supported`) : field(probe);
    }
    case "index": {
      const target = evaluate(node.target, probe, text);
      if (node.key === null) return Array.isArray(target) ? target : fail("[*] needs an array");
      if (typeof target === "object" && !Array.isArray(target)) return [...(target[node.key] ?? [])];
      return fail(`["${node.key}"] needs a map`);
    }
    case "call":
      return call(node.name, node.args.map((a) => evaluate(a, probe, text)), fail);
    case "compare": {
      const left = evaluate(node.left, probe, text);
      return Array.isArray(left) ? left.map((item) => compare(node.op, item, node.right, fail)) : compare(node.op, left, node.right, fail);
    }
    case "in": {
      const left = evaluate(node.left, probe, text);
      if (typeof left !== "string") return fail("in { } needs a string or address field");
      return node.left.kind === "field" && node.left.name === "ip.src" ? inAddressSet(left, node.set, fail) : node.set.includes(left);
    }
    case "not":
      return !bool(evaluate(node.operand, probe, text), fail);
    case "logic": {
      const left = bool(evaluate(node.left, probe, text), fail);
      const right = bool(evaluate(node.right, probe, text), fail);
      return node.op === "and" ? left && right : node.op === "or" ? left || right : left !== right;
    }
  }
}

function bool(value: Value, fail: (m: string) => never): boolean {
  return typeof value === "boolean" ? value : fail("a condition does not evaluate to true or false");
}

function call(name: string, args: Value[], fail: (m: string) => never): Value {
  const text = (i: number): string => {
    const arg = args[i];
    return typeof arg === "string" ? arg : fail(`${name}() needs a string as argument ${i + 1}`);
  };
  switch (name) {
    case "lower":
      return text(0).toLowerCase();
    case "upper":
      return text(0).toUpperCase();
    case "len":
      return Buffer.byteLength(text(0));
    case "starts_with":
      return text(0).startsWith(text(1));
    case "ends_with":
      return text(0).endsWith(text(1));
    case "concat":
      return args.map((_, i) => text(i)).join("");
    case "any":
    case "all": {
      const list = args[0];
      if (!Array.isArray(list) || !list.every((v) => typeof v === "boolean")) return fail(`${name}() needs a list of conditions`);
      return name === "any" ? list.some(Boolean) : list.every(Boolean);
    }
    default:
      return fail(`the function ${name}() is not supported`);
  }
}

function compare(op: Comparison, left: Value, right: Scalar, fail: (m: string) => never): boolean {
  if (typeof left === "number" && typeof right === "number") {
    switch (op) {
      case "eq": return left === right;
      case "ne": return left !== right;
      case "lt": return left < right;
      case "le": return left <= right;
      case "gt": return left > right;
      case "ge": return left >= right;
      default: return fail(`${op} does not compare numbers`);
    }
  }
  if (typeof left !== "string" || typeof right !== "string") return fail(`${op} needs a string on both sides`);
  switch (op) {
    case "eq": return left === right;
    case "ne": return left !== right;
    case "contains": return left.includes(right);
    case "wildcard": return wildcardRegExp(right, false).test(left);
    case "strict wildcard": return wildcardRegExp(right, true).test(left);
    default: return fail(`${op} does not compare strings`);
  }
}

/** A wildcard pattern as a regular expression: `*` is "anything", `\x` is a literal x; the whole value must match. */
export function wildcardRegExp(pattern: string, caseSensitive: boolean): RegExp {
  const key = `${caseSensitive ? "s" : "i"}${pattern}`;
  const known = wildcards.get(key);
  if (known !== undefined) return known;
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? "";
    if (ch === "*") source += "[\\s\\S]*";
    else {
      const literal = ch === "\\" ? (pattern[++i] ?? "\\") : ch;
      source += literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  const regExp = new RegExp(`^${source}$`, caseSensitive ? "u" : "iu");
  if (wildcards.size >= 1000) wildcards.clear();
  wildcards.set(key, regExp);
  return regExp;
}

/** Compiled wildcard patterns (no g or y flag, so a shared RegExp keeps no state between tests). */
const wildcards = new Map<string, RegExp>();

function inAddressSet(address: string, set: string[], fail: (m: string) => never): boolean {
  const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : fail(`${address} is not an IP address`);
  return addressList(set, fail).check(address, family);
}

/** Address sets as block lists, built once per parsed set (parse keeps each expression's tree). */
const addressLists = new WeakMap<string[], BlockList>();

function addressList(set: string[], fail: (m: string) => never): BlockList {
  const known = addressLists.get(set);
  if (known !== undefined) return known;
  const list = new BlockList();
  for (const item of set) {
    const [base = "", prefix] = item.split("/");
    const type = isIPv4(base) ? "ipv4" : isIPv6(base) ? "ipv6" : fail(`${item} is not an IP address or CIDR block`);
    if (prefix === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(prefix), type);
  }
  addressLists.set(set, list);
  return list;
}

/** The fields an expression reads. */
export function fieldsOf(node: Node): Set<string> {
  const found = new Set<string>();
  const walk = (n: Node): void => {
    switch (n.kind) {
      case "field": found.add(n.name); break;
      case "index": walk(n.target); break;
      case "call": n.args.forEach(walk); break;
      case "compare": case "in": walk(n.left); break;
      case "not": walk(n.operand); break;
      case "logic": walk(n.left); walk(n.right); break;
      case "literal": break;
    }
  };
  walk(node);
  return found;
}

/** The string values an expression compares a field with (eq, wildcard, contains, in-sets, starts_with/ends_with). */
export function valuesComparedWith(node: Node, field: string): string[] {
  const found: string[] = [];
  const isField = (n: Node | undefined) => n?.kind === "field" && n.name === field;
  const walk = (n: Node): void => {
    if (n.kind === "compare" && isField(n.left) && typeof n.right === "string") found.push(n.right);
    else if (n.kind === "in" && isField(n.left)) found.push(...n.set);
    else if (n.kind === "call" && (n.name === "starts_with" || n.name === "ends_with") && isField(n.args[0])) {
      const value = n.args[1];
      if (value?.kind === "literal" && typeof value.value === "string") found.push(value.value);
    }
    if (n.kind === "not") walk(n.operand);
    if (n.kind === "logic") {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return found;
}
