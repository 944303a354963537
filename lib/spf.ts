import { SENDERS, senderByInclude, type SenderId } from "./senders";

/** RFC 7208 §4.6.4: more than 10 DNS-querying terms make the whole record a permerror. */
export const SPF_LOOKUP_LIMIT = 10;

/** The strict endings we publish: fail by default, softfail when asked. `+all` and `?all` authorise everyone. */
export const SPF_ALL_ENDINGS = ["-all", "~all"] as const;
export type SpfAll = (typeof SPF_ALL_ENDINGS)[number];

export interface SpfInclude {
  domain: string;
  /** Lookups the include costs, nested ones counted; a domain outside the catalog counts as at least 1. */
  lookups: number;
  /** The catalog sender it comes from, or undefined for email.spfIncludes. */
  sender?: SenderId;
}

export interface SpfPlan {
  includes: SpfInclude[];
  total: number;
}

/**
 * The includes of the apex record, in the order given: catalog senders first, then the extra includes. A domain listed
 * twice (a sender and the same include) is published and counted once.
 */
export function planSpf(senders: readonly SenderId[], extraIncludes: readonly string[]): SpfPlan {
  const includes: SpfInclude[] = [];
  const add = (include: SpfInclude) => {
    if (!includes.some((i) => i.domain === include.domain)) includes.push(include);
  };
  for (const id of senders) add({ domain: SENDERS[id].spfInclude, lookups: SENDERS[id].lookups, sender: id });
  for (const domain of extraIncludes) {
    const id = senderByInclude(domain);
    add(id === undefined ? { domain, lookups: 1 } : { domain, lookups: SENDERS[id].lookups, sender: id });
  }
  return { includes, total: includes.reduce((sum, i) => sum + i.lookups, 0) };
}

/** "_spf.google.com 1 + mailgun.org 5 + ... = 12 lookups (limit 10)": the arithmetic behind a budget verdict. */
export function lookupArithmetic(plan: SpfPlan): string {
  const terms = plan.includes.map((i) => `${i.domain} ${i.lookups}${i.sender === undefined ? " (at least)" : ""}`);
  return `${terms.length > 0 ? terms.join(" + ") : "0"} = ${plan.total} DNS lookups (limit ${SPF_LOOKUP_LIMIT})`;
}

/** One SPF record: `v=spf1`, the includes, then the `all` term. No senders at all gives `v=spf1 -all`. */
export function buildSpf(includes: readonly string[], all: SpfAll = "-all"): string {
  const unique = [...new Set(includes.map((d) => d.toLowerCase()))];
  return ["v=spf1", ...unique.map((d) => `include:${d}`), all].join(" ");
}

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfTerm =
  | { kind: "mechanism"; qualifier: SpfQualifier; name: string; value?: string }
  | { kind: "modifier"; name: string; value: string };

/** True for TXT content that is an SPF record (RFC 7208 §4.5: "v=spf1" followed by a space or the end). */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1( |$)/i.test(txt.trim());
}

const MECHANISMS = new Set(["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]);
/** Terms that make a DNS query (RFC 7208 §4.6.4). */
const QUERYING = new Set(["include", "a", "mx", "ptr", "exists", "redirect"]);

/** Parses an SPF record into terms; returns the problems instead when a term is not valid SPF. */
export function parseSpf(record: string): { terms: SpfTerm[]; errors: string[] } {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  const [version, ...rest] = record.trim().split(/\s+/);
  if (version?.toLowerCase() !== "v=spf1") errors.push(`"${record}" does not start with v=spf1`);
  for (const raw of rest) {
    const modifier = /^([a-z][a-z0-9._-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      terms.push({ kind: "modifier", name: (modifier[1] ?? "").toLowerCase(), value: modifier[2] ?? "" });
      continue;
    }
    const mechanism = /^([-+~?]?)([a-z0-9]+)(?:[:/](.*))?$/i.exec(raw);
    const name = mechanism?.[2]?.toLowerCase();
    if (mechanism === null || name === undefined || !MECHANISMS.has(name)) {
      errors.push(`"${raw}" is not an SPF mechanism`);
      continue;
    }
    const qualifier = (mechanism[1] || "+") as SpfQualifier;
    const value = raw.includes(":") ? raw.slice(raw.indexOf(":") + 1) : undefined;
    terms.push(value === undefined ? { kind: "mechanism", qualifier, name } : { kind: "mechanism", qualifier, name, value });
  }
  return { terms, errors };
}

/**
 * Lookups a record costs: each querying term once, plus what each include costs below it. `nestedCost` answers for an
 * include domain (the catalog's figure, minus the include itself); unknown includes add nothing below themselves.
 */
export function countLookups(terms: readonly SpfTerm[], nestedCost: (domain: string) => number = catalogNestedCost): number {
  let total = 0;
  for (const term of terms) {
    if (!QUERYING.has(term.name)) continue;
    total += 1;
    if ((term.name === "include" || term.name === "redirect") && term.value !== undefined) total += nestedCost(term.value.toLowerCase());
  }
  return total;
}

/** What a catalog include costs below itself (its nested includes). */
export function catalogNestedCost(domain: string): number {
  const id = senderByInclude(domain);
  return id === undefined ? 0 : SENDERS[id].lookups - 1;
}
