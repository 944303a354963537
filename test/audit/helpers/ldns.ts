// Signs a zone file with ldns-signzone (ldnsutils), a second signer beside knot, with RSASHA256 keys made by
// ldns-keygen: a key signing key and a zone signing key. Signatures can be made already expired, for every
// record set or for all but the DNSKEY set (a zone whose keys look fine while its data does not validate).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type LdnsExpiry = "none" | "all" | "all-but-dnskey";

export interface LdnsSigned {
  /** The signed zone, in zone-file text. */
  text: string;
  /** The KSK's DS record, SHA-256 ("name. 3600 IN DS tag 8 2 digest"). */
  ds: string;
  /** The signed zone file, for ldns-verify-zone. */
  file: string;
}

const DAY_S = 86_400;
const stamp = (epochSeconds: number) => String(Math.floor(epochSeconds));

function keygen(dir: string, origin: string, ksk: boolean): string {
  const args = ["-a", "RSASHA256", "-b", "2048", ...(ksk ? ["-k"] : []), `${origin}.`];
  return path.join(dir, execFileSync("ldns-keygen", args, { cwd: dir, encoding: "utf8" }).trim());
}

function sign(dir: string, zoneFile: string, origin: string, keys: string[], inception: number, expiration: number, out: string): string {
  execFileSync("ldns-signzone", ["-i", stamp(inception), "-e", stamp(expiration), "-o", `${origin}.`, "-f", out, zoneFile, ...keys], { cwd: dir });
  return readFileSync(out, "utf8");
}

const coversDnskey = (line: string) => /\sRRSIG\s+DNSKEY\s/.test(line);

/** Signs `zoneFile` (origin `origin`) in `dir`; returns the signed text and the DS for the parent. */
export function ldnsSign(dir: string, zoneFile: string, origin: string, expiry: LdnsExpiry): LdnsSigned {
  const ksk = keygen(dir, origin, true);
  const zsk = keygen(dir, origin, false);
  const now = Date.now() / 1000;
  const file = path.join(dir, `${origin}.signed`);
  const current = sign(dir, zoneFile, origin, [zsk, ksk], now - DAY_S, now + 30 * DAY_S, file);
  let text = current;
  if (expiry !== "none") {
    const expired = sign(dir, zoneFile, origin, [zsk, ksk], now - 60 * DAY_S, now - 30 * DAY_S, `${file}.expired`);
    text =
      expiry === "all"
        ? expired
        : [...expired.split("\n").filter((l) => !coversDnskey(l)), ...current.split("\n").filter(coversDnskey)].join("\n");
    writeFileSync(file, text);
  }
  const ds = execFileSync("ldns-key2ds", ["-n", "-2", `${ksk}.key`], { cwd: dir, encoding: "utf8" }).trim();
  return { text, ds, file };
}
