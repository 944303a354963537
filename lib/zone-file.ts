/**
 * The zone in BIND master-file format (RFC 1035 §5), built from the records a plan declares, so a person can read,
 * diff or import it elsewhere and `named-checkzone` can check it. Pure: plain records in, text out.
 */

export interface ZoneRecord {
  /** Fully qualified name, without the trailing dot. */
  name: string;
  type: string;
  /** Presentation value for simple types (address, host name, TXT text). */
  content?: string;
  /** Structured value for CAA (flags, tag, value). */
  data?: { flags?: number | string; tag?: string; value?: string };
  priority?: number;
  /** 1 means "automatic" at Cloudflare. */
  ttl: number;
  proxied?: boolean;
}

export interface ZoneFileOptions {
  domain: string;
  nameServers: readonly string[];
  /** SOA serial: YYYYMMDDnn. */
  serial: number;
}

/** Cloudflare's "automatic" TTL is 300 seconds (https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/). */
export const AUTO_TTL_SECONDS = 300;

/** A TXT character-string holds at most 255 octets (RFC 1035 §3.3); longer text is split into several. */
const MAX_TXT_STRING = 255;

export function zoneFile(records: readonly ZoneRecord[], options: ZoneFileOptions): string {
  const { domain } = options;
  const primary = options.nameServers[0] ?? `ns.${domain}`;
  const lines = [
    `; Zone file of ${domain}, as declared by the launch-ready plan.`,
    "; Proxied records are answered with Cloudflare's addresses; their origin value is shown here.",
    `$ORIGIN ${domain}.`,
    `$TTL ${AUTO_TTL_SECONDS}`,
    `@\t3600\tIN\tSOA\t${primary}. dns.cloudflare.com. ${options.serial} 10000 2400 604800 3600`,
    ...options.nameServers.map((ns) => `@\t86400\tIN\tNS\t${ns}.`),
  ];
  const sorted = [...records].sort(
    (a, b) =>
      a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || (a.priority ?? 0) - (b.priority ?? 0) || (a.content ?? "").localeCompare(b.content ?? ""),
  );
  for (const record of sorted) lines.push(recordLine(record, domain));
  return `${lines.join("\n")}\n`;
}

function recordLine(record: ZoneRecord, domain: string): string {
  const owner = ownerName(record.name, domain);
  const ttl = record.ttl === 1 ? AUTO_TTL_SECONDS : record.ttl;
  const proxied = record.proxied === true ? "\t; cf_tags=cf-proxied:true" : "";
  // A CNAME at the apex cannot coexist with SOA and NS in a master file; Cloudflare flattens it into A/AAAA answers.
  if (record.type === "CNAME" && owner === "@") return `; @\t${ttl}\tIN\tCNAME\t${absolute(record.content ?? "")}\t; flattened by Cloudflare (served as A/AAAA)`;
  return `${owner}\t${ttl}\tIN\t${record.type}\t${rdata(record)}${proxied}`;
}

function rdata(record: ZoneRecord): string {
  switch (record.type) {
    case "CNAME":
    case "NS":
      return absolute(record.content ?? "");
    case "MX":
      return `${record.priority ?? 10}\t${absolute(record.content ?? "")}`;
    case "TXT":
      return txtStrings(record.content ?? "");
    case "CAA": {
      const data = record.data ?? {};
      return `${Number(data.flags ?? 0)} ${data.tag ?? "issue"} ${quote(data.value ?? "")}`;
    }
    default:
      return record.content ?? "";
  }
}

/** The owner relative to the origin: "@" for the apex, the labels below it otherwise. */
export function ownerName(name: string, domain: string): string {
  const bare = name.replace(/\.$/, "").toLowerCase();
  if (bare === domain) return "@";
  return bare.endsWith(`.${domain}`) ? bare.slice(0, -(domain.length + 1)) : `${bare}.`;
}

/** A host name as an absolute domain name; "." (the null MX of RFC 7505) stays the root. */
function absolute(host: string): string {
  return host === "." || host.endsWith(".") ? host : `${host}.`;
}

/**
 * TXT text as quoted character-strings. Text already written as quoted strings (as Cloudflare shows long records) is
 * taken apart first, so the result never nests quotes.
 */
export function txtStrings(content: string): string {
  const text = unquoteTxt(content);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += MAX_TXT_STRING) chunks.push(text.slice(i, i + MAX_TXT_STRING));
  return (chunks.length > 0 ? chunks : [""]).map(quote).join(" ");
}

const QUOTED_STRINGS = /^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/;

/**
 * TXT content as one text, the way a resolver hands it to SPF and DMARC code: quoted character-strings ("a" "b", as
 * Cloudflare stores and shows long records) are unescaped and joined; anything else is the text itself, trimmed. The
 * one TXT unquoter of the project: the policies, the launch documents and the audit's --plan all read TXT through it.
 */
export function unquoteTxt(content: string): string {
  const trimmed = content.trim();
  if (!QUOTED_STRINGS.test(trimmed)) return trimmed;
  return [...trimmed.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1")).join("");
}

/** A DNS name as records are compared: lowercase, without the final dot. */
export const bareName = (name: string): string => name.toLowerCase().replace(/\.$/, "");

/**
 * A record's content as a resolver hands it to code: TXT text unquoted and joined, anything else (host names,
 * addresses) lowercase without the final dot; the null MX's "." (RFC 7505) is the root and stays.
 */
export const recordContent = (type: string, content: string): string =>
  type.toUpperCase() === "TXT" ? unquoteTxt(content) : content === "." ? "." : bareName(content);

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
