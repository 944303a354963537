import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII } from "node:url";

/** Hostname rules of RFC 1035/1123 as DNS providers apply them: labels of 1-63 letters, digits or hyphens. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Lowercases a domain name and turns Unicode labels into punycode (IDNA), so every record we publish is ASCII.
 * Returns undefined when the input cannot be a domain name at all (spaces, empty labels, bad characters).
 */
export function toAsciiDomain(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, "");
  if (trimmed === "" || /\s/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === "" || ascii.length > 253) return undefined;
  return ascii.split(".").every((label) => LABEL.test(label)) ? ascii : undefined;
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
