// Signs a zone file with ldns-signzone (ldnsutils), a second signer beside knot, with keys of one algorithm made
// by ldns-keygen: a key signing key and a zone signing key. Signatures can be made already expired, for every
// record set or for all but the DNSKEY set (a zone whose keys look fine while its data does not validate).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type LdnsAlgorithm = "RSASHA1" | "RSASHA256" | "RSASHA512" | "ECDSAP256SHA256" | "ECDSAP384SHA384" | "ED25519" | "ED448";

export interface LdnsSigning {
  algorithm: LdnsAlgorithm;
  /** Signatures already expired: on every record set, or on all but the DNSKEY set. */
  expired?: "all" | "all-but-dnskey";
  /** Alter one byte of the signatures over this type's record sets: current, but they do not verify. */
  tampered?: string;
}

export interface LdnsSigned {
  /** The signed zone, in zone-file text. */
  text: string;
  /** The KSK's DS record, SHA-256 ("name. 3600 IN DS tag alg 2 digest"). */
  ds: string;
  /** The signed zone file, for ldns-verify-zone. */
  file: string;
}

const DAY_S = 86_400;
const stamp = (epochSeconds: number) => String(Math.floor(epochSeconds));

function keygen(dir: string, origin: string, algorithm: LdnsAlgorithm, ksk: boolean): string {
  const args = ["-a", algorithm, ...(algorithm.startsWith("RSA") ? ["-b", "2048"] : []), ...(ksk ? ["-k"] : []), `${origin}.`];
  return path.join(dir, execFileSync("ldns-keygen", args, { cwd: dir, encoding: "utf8" }).trim());
}

function sign(dir: string, zoneFile: string, origin: string, keys: string[], inception: number, expiration: number, out: string): string {
  execFileSync("ldns-signzone", ["-i", stamp(inception), "-e", stamp(expiration), "-o", `${origin}.`, "-f", out, zoneFile, ...keys], { cwd: dir });
  return readFileSync(out, "utf8");
}

const covers = (type: string) => (line: string) => new RegExp(`\\sRRSIG\\s+${type}\\s`).test(line);
const coversDnskey = covers("DNSKEY");

/** The line with one character of its signature (the last field, base64) changed. */
function tamper(line: string): string {
  const at = line.search(/\S+$/) + 4;
  return `${line.slice(0, at)}${line[at] === "A" ? "B" : "A"}${line.slice(at + 1)}`;
}

/** Signs `zoneFile` (origin `origin`) in `dir`; returns the signed text and the DS for the parent. */
export function ldnsSign(dir: string, zoneFile: string, origin: string, { algorithm, expired: expiry, tampered }: LdnsSigning): LdnsSigned {
  const ksk = keygen(dir, origin, algorithm, true);
  const zsk = keygen(dir, origin, algorithm, false);
  const now = Date.now() / 1000;
  const file = path.join(dir, `${origin}.signed`);
  const current = sign(dir, zoneFile, origin, [zsk, ksk], now - DAY_S, now + 30 * DAY_S, file);
  let text = current;
  if (expiry) {
    const expired = sign(dir, zoneFile, origin, [zsk, ksk], now - 60 * DAY_S, now - 30 * DAY_S, `${file}.expired`);
    text =
      expiry === "all"
        ? expired
        : [...expired.split("\n").filter((l) => !coversDnskey(l)), ...current.split("\n").filter(coversDnskey)].join("\n");
  }
  if (tampered) text = text.split("\n").map((l) => (covers(tampered)(l) ? tamper(l) : l)).join("\n");
  if (expiry || tampered) writeFileSync(file, text);
  const ds = execFileSync("ldns-key2ds", ["-n", "-2", `${ksk}.key`], { cwd: dir, encoding: "utf8" }).trim();
  return { text, ds, file };
}
