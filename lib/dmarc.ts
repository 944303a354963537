import { emailDomain, isAtOrBelow } from "./domain";

export const DMARC_POLICIES = ["none", "quarantine", "reject"] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

export interface DmarcInput {
  policy: DmarcPolicy;
  /** Aggregate-report addresses, already punycoded (config/ does it). */
  rua: readonly string[];
  /** Test mode (RFC 9989 `t=y`): receivers apply the policy one step softer. */
  testing: boolean;
}

/**
 * The DMARC record of RFC 9989, written so RFC 7489 receivers read it the same way: `v` first and `p` second (7489
 * §6.4 requires that order), relaxed alignment stated explicitly (a custom MAIL FROM subdomain only aligns relaxed), no
 * `pct` (removed by 9989; `t=y` replaces the percentage ramp). Older receivers ignore `t`.
 */
export function buildDmarc({ policy, rua, testing }: DmarcInput): string {
  const tags = [`v=DMARC1`, `p=${policy}`];
  if (testing) tags.push("t=y");
  if (rua.length > 0) tags.push(`rua=${rua.map(mailtoUri).join(",")}`);
  tags.push("adkim=r", "aspf=r");
  return tags.join("; ");
}

/**
 * A mailto: URI for a report address. RFC 7489 §6.4: commas and exclamation marks in a URI must be percent-encoded,
 * because they separate URIs and introduce a size limit; semicolons would end the tag.
 */
export function mailtoUri(address: string): string {
  return `mailto:${address.replace(/[%,!;\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}`;
}

export interface ParsedDmarc {
  tags: Record<string, string>;
  errors: string[];
}

/**
 * The tag=value list shared by DMARC, TLS-RPT and MTA-STS records (RFC 7489 §6.4, RFC 8460 §3): names lowercased,
 * values trimmed; a part without "=" comes back with an empty name and the part as value.
 */
export function tagList(record: string): { name: string; value: string }[] {
  return record
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq <= 0 ? { name: "", value: part } : { name: part.slice(0, eq).trim().toLowerCase(), value: part.slice(eq + 1).trim() };
    });
}

/** True for TXT content that is a DMARC record. */
export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

/** Parses a DMARC record and reports what RFC 9989 or RFC 7489 receivers would reject or misread. */
export function parseDmarc(record: string): ParsedDmarc {
  const errors: string[] = [];
  const tags: Record<string, string> = {};
  tagList(record).forEach(({ name, value }, index) => {
    if (name === "") {
      errors.push(`"${value}" is not a tag=value pair`);
      return;
    }
    if (name in tags) errors.push(`tag ${name} appears twice`);
    tags[name] = value;
    if (index === 0 && (name !== "v" || value !== "DMARC1")) errors.push("the record must start with v=DMARC1");
    if (index === 1 && name !== "p") errors.push("p must come right after v=DMARC1 (RFC 7489 receivers require it)");
  });
  const policy = tags["p"];
  if (policy === undefined) errors.push("p is missing");
  else if (!(DMARC_POLICIES as readonly string[]).includes(policy)) errors.push(`p=${policy} is not none, quarantine or reject`);
  if (tags["sp"] !== undefined && !(DMARC_POLICIES as readonly string[]).includes(tags["sp"])) errors.push(`sp=${tags["sp"]} is not none, quarantine or reject`);
  for (const tag of ["adkim", "aspf"]) {
    if (tags[tag] !== undefined && !["r", "s"].includes(tags[tag])) errors.push(`${tag}=${tags[tag]} is not r or s`);
  }
  if (tags["t"] !== undefined && !["y", "n"].includes(tags["t"])) errors.push(`t=${tags["t"]} is not y or n`);
  if (tags["pct"] !== undefined) errors.push("pct is historic in RFC 9989: use t=y while testing instead");
  for (const tag of ["rua", "ruf"]) {
    if (tags[tag] === undefined) continue;
    for (const uri of tags[tag].split(",")) {
      if (reportAddress(uri.trim()) === undefined) errors.push(`${tag} entry "${uri.trim()}" is not a mailto: address`);
    }
  }
  return { tags, errors };
}

/** The e-mail address of a `mailto:` report URI (percent-decoded, size suffix dropped), or undefined. */
export function reportAddress(uri: string): string | undefined {
  const match = /^mailto:([^@\s!]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+)(![0-9]+[kmgt]?)?$/i.exec(uri);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1] ?? "");
  } catch {
    return undefined;
  }
}

/** The report addresses of a parsed record (rua and ruf). */
export function reportAddresses(tags: Record<string, string>): string[] {
  return ["rua", "ruf"].flatMap((tag) => (tags[tag] ?? "").split(",").map((u) => reportAddress(u.trim())).filter((a): a is string => a !== undefined));
}

export interface ExternalAuthorization {
  /** The address outside the domain. */
  address: string;
  /** The TXT record its receiver must publish (RFC 7489 §7.1; kept by RFC 9990). */
  name: string;
  value: "v=DMARC1";
}

/**
 * Report addresses outside the domain, with the record their receiver must publish before it gets reports: without
 * `<domain>._report._dmarc.<receiver>`, receivers drop the reports.
 */
export function externalAuthorizations(domain: string, addresses: readonly string[]): ExternalAuthorization[] {
  const seen = new Set<string>();
  const out: ExternalAuthorization[] = [];
  for (const address of addresses) {
    const receiver = emailDomain(address);
    if (isAtOrBelow(receiver, domain) || seen.has(receiver)) continue;
    seen.add(receiver);
    out.push({ address, name: `${domain}._report._dmarc.${receiver}`, value: "v=DMARC1" });
  }
  return out;
}
