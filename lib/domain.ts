import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";
import { parse as parseAddress } from "ipaddr.js";
import { parse as parseDomain } from "tldts";

/** Hostname rules of RFC 1035/1123 as DNS providers apply them: labels of 1-63 letters, digits or hyphens. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The record types that point a name at a host, and the only ones Cloudflare can proxy. */
export const ADDRESS_RECORD_TYPES = ["A", "AAAA", "CNAME"] as const;
export const isAddressRecordType = (type: string): boolean => (ADDRESS_RECORD_TYPES as readonly string[]).includes(type);

/** One label of a host name (lowercase ASCII): app, mail, s1. */
export const isDnsLabel = (label: string): boolean => LABEL.test(label);

/**
 * Lowercases a domain name and turns Unicode labels into punycode (IDNA), so every record we publish is ASCII.
 * Returns undefined when the input cannot be a domain name at all (spaces, empty labels, bad characters).
 */
export function toAsciiDomain(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, "");
  if (trimmed === "" || /\s/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === "" || ascii.length > 253) return undefined;
  return ascii.split(".").every(isDnsLabel) ? ascii : undefined;
}

/** True for a fully qualified host name with at least two labels and an alphabetic top-level label. */
export function isHostname(name: string): boolean {
  const ascii = toAsciiDomain(name);
  if (ascii === undefined || ascii !== name.toLowerCase().replace(/\.$/, "")) return false;
  const labels = ascii.split(".");
  return labels.length >= 2 && /^(xn--[a-z0-9-]+|[a-z]{2,63})$/.test(labels[labels.length - 1] ?? "");
}

export { isIPv4, isIPv6 };

/** Splits an e-mail address and punycodes its domain; undefined when it is not an address. */
export function toAsciiEmail(input: string): string | undefined {
  const trimmed = input.trim().replace(/^mailto:/i, "");
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const local = trimmed.slice(0, at);
  // A conservative local part: the dot-atom of RFC 5322, which every receiver accepts.
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return undefined;
  const domain = toAsciiDomain(trimmed.slice(at + 1));
  if (domain === undefined || !isHostname(domain)) return undefined;
  return `${local}@${domain}`;
}

/** The domain part of an address produced by toAsciiEmail. */
export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/** True when host is the domain itself or a name below it. */
export function isAtOrBelow(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The fully qualified name of a host label: "@" is the apex. */
export function fqdn(label: string, domain: string): string {
  return label === "@" ? domain : `${label}.${domain}`;
}

/**
 * A DNS name as records may use it (RFC 2181 §11): like a host name, but labels may carry underscores, as the
 * names of DKIM keys (selector1-x._domainkey.tenant.onmicrosoft.com), SPF includes (_spf.mlsend.com) and
 * verification records (_acme-challenge) do. Lowercase ASCII, at least two labels.
 */
export function isDnsName(name: string): boolean {
  const labels = name.replace(/\.$/, "").split(".");
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
}

/**
 * Why `domain` cannot be the zone of a site, or undefined: a public suffix (co.uk) or a name below the registrable
 * domain (app.example.com) is never a zone a registrar delegates. The public suffix list comes from tldts.
 */
export function registrableProblem(domain: string): string | undefined {
  const parsed = parseDomain(domain, { allowPrivateDomains: false });
  if (parsed.domain === null) return `${domain} is a public suffix, like com or co.uk, which nobody can register`;
  if (parsed.domain !== domain) return `${domain} is below the registrable domain ${parsed.domain}`;
  return undefined;
}

/**
 * Why Cloudflare cannot proxy to this address, or undefined for a public unicast address: private (RFC 1918, ULA),
 * loopback, link-local, documentation, CGNAT and other reserved ranges, as ipaddr.js classifies them from the IANA
 * special-purpose registries.
 */
export function unroutableRange(address: string): string | undefined {
  const range = parseAddress(address).range();
  return range === "unicast" ? undefined : range;
}

/** A domain as its owner types it, with the punycode DNS uses beside it when they differ: "éclat.fr (xn--clat-bpa.fr)". */
export function asTyped(ascii: string): string {
  const unicode = domainToUnicode(ascii);
  return unicode === ascii || unicode === "" ? ascii : `${unicode} (${ascii})`;
}

/** A host's record: an address (A, AAAA) or a host name (CNAME), through Cloudflare's proxy or DNS-only. */
export interface HostRecord {
  type: (typeof ADDRESS_RECORD_TYPES)[number];
  /** The address, or the host name a CNAME points to. */
  target: string;
  proxied: boolean;
}

/** A record as the service that asks for it gives it; `name` is relative to the zone ("@" for the apex). */
export interface ExtraRecord {
  name: string;
  type: HostRecord["type"] | "TXT" | "MX";
  content: string;
  proxied: boolean;
  /** MX only. */
  priority?: number | undefined;
}
