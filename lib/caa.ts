/**
 * CAA records (RFC 8659) that allow exactly the certificate authorities Cloudflare's edge certificates come from.
 * The CA list and the record values are Cloudflare's own table (cloudflare-docs
 * src/content/docs/ssl/reference/certificate-authorities.mdx, "CAA records"; DigiCert was removed from it in 2025):
 * Let's Encrypt, Google Trust Services, SSL.com (Universal and Advanced certificates) and Sectigo (backup certificates).
 */

export type CaaTag = "issue" | "issuewild" | "iodef";

export interface CaaRecord {
  flags: 0;
  tag: CaaTag;
  value: string;
}

/** The CA's name, its domain and the value Cloudflare publishes for it. */
export const CLOUDFLARE_CAS: readonly { label: string; domain: string; value: string }[] = [
  { label: "Let's Encrypt", domain: "letsencrypt.org", value: "letsencrypt.org" },
  { label: "Google Trust Services", domain: "pki.goog", value: "pki.goog; cansignhttpexchanges=yes" },
  { label: "SSL.com", domain: "ssl.com", value: "ssl.com" },
  { label: "Sectigo", domain: "sectigo.com", value: "sectigo.com" },
];

/** issue and issuewild for every Cloudflare CA, and an iodef address that receives reports of refused requests. */
export function edgeCaaRecords(iodefEmail: string): CaaRecord[] {
  const records: CaaRecord[] = [];
  for (const tag of ["issue", "issuewild"] as const) {
    for (const ca of CLOUDFLARE_CAS) records.push({ flags: 0, tag, value: ca.value });
  }
  records.push({ flags: 0, tag: "iodef", value: `mailto:${iodefEmail}` });
  return records;
}

/** The issuer domain of an issue/issuewild value ("pki.goog; cansignhttpexchanges=yes" → "pki.goog"; ";" → ""). */
export function caaIssuer(value: string): string {
  return (value.split(";")[0] ?? "").trim().toLowerCase();
}
