import { createHash } from "node:crypto";
import { caaIssuer, type CaaRecord } from "./caa";

/**
 * Logical names of edge resources (the role after `${component}-`) and rule refs. Both are identity: a changed name
 * replaces the resource, a changed ref gives the rule a new id. So they derive from what a thing is (the host label,
 * the setting id, the redirect's source path), never from its position in a list or from its type: a host record
 * that changes from A to CNAME keeps its name and is replaced in place (deleteBeforeReplace).
 */

/** "@" → "apex"; "app" → "host-app". The prefix keeps a host labelled "apex" apart from the apex. */
export function hostRecordRole(label: string): string {
  return label === "@" ? "apex" : `host-${label}`;
}

/**
 * An extra record (config `records`): its name, type and a hash of its value, since one name may hold several TXT
 * records ("record-_acme-challenge-app-txt-1a2b3c4d"). A changed value is a new record, which is what DNS sees too.
 */
export function extraRecordRole(record: { name: string; type: string; content: string }): string {
  const slug = record.name === "@" ? "apex" : record.name.replace(/[^a-z0-9_-]+/g, "-");
  return `record-${slug}-${record.type.toLowerCase()}-${createHash("sha256").update(record.content).digest("hex").slice(0, 8)}`;
}

/** "caa-issue-letsencrypt.org", "caa-issuewild-pki.goog", "caa-iodef". */
export function caaRecordRole(record: CaaRecord): string {
  return record.tag === "iodef" ? "caa-iodef" : `caa-${record.tag}-${caaIssuer(record.value)}`;
}

/** "min_tls_version" → "min-tls-version"; "security_header" → "hsts" (what it holds). */
export function zoneSettingRole(settingId: string): string {
  return settingId === "security_header" ? "hsts" : settingId.replace(/_/g, "-");
}

/** The generator of a generated secret's value, named after the secret resource it sits beside. */
export function generatedValueName(secretResourceName: string): string {
  return `${secretResourceName}-generated`;
}

/** A rule ref from a readable name: lowercase letters, digits and underscores. */
export function ruleRef(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** The ref of a legacy redirect: readable from its source path, unique by a hash of it ("legacy_old_page_1a2b3c4d"). */
export function legacyRedirectRef(from: string): string {
  const slug = ruleRef(from).slice(0, 40) || "root";
  return `legacy_${slug}_${createHash("sha256").update(from).digest("hex").slice(0, 8)}`;
}
