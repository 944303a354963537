// DNSSEC arithmetic: key tags, DS digests and RRSIG verification over the canonical form of RFC 4034 (§3.1.8.1,
// §6), with node:crypto for the signatures and dns-packet for the wire format. No npm library verifies RRSIGs
// (the DNSSEC packages there prove chains for one blockchain oracle), so this part is written here.
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import * as dnsPacket from "dns-packet";
import { normalizeName } from "./dns";

/** The flag bit of a DNSKEY that may sign zone data (RFC 4034 §2.1.1: bit 7, counted from the left). */
const ZONE_KEY = 0x0100;

/** The DNSKEY RDATA in wire form (RFC 4034 §2.1). */
function dnskeyRdata(key: dnsPacket.DnskeyData): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(key.flags, 0);
  header.writeUInt8(3, 2); // protocol, always 3
  header.writeUInt8(key.algorithm, 3);
  return Buffer.concat([header, key.key]);
}

/** A name in canonical wire form: lower case, uncompressed (RFC 4034 §6.2). */
function nameWire(name: string): Buffer {
  const labels = normalizeName(name).split(".").filter((l) => l !== "");
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])), Buffer.from([0])]);
}

/** RFC 4034 Appendix B. */
export function keyTag(key: dnsPacket.DnskeyData): number {
  const rdata = dnskeyRdata(key);
  let sum = 0;
  for (let i = 0; i < rdata.length; i++) sum += i & 1 ? rdata[i]! : rdata[i]! << 8;
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}

const DS_DIGESTS: Record<number, string> = { 1: "sha1", 2: "sha256", 4: "sha384" };

/** Whether this audit can compute DS digests of `digestType`. */
export const canDigest = (digestType: number): boolean => DS_DIGESTS[digestType] !== undefined;

/**
 * The DS digest of `key` (RFC 4034 §5.1.4: over the owner name in canonical wire form, then the DNSKEY RDATA)
 * for `digestType`, or undefined for digest types this audit cannot compute.
 */
export function dsDigest(owner: string, key: dnsPacket.DnskeyData, digestType: number): Buffer | undefined {
  const algorithm = DS_DIGESTS[digestType];
  if (!algorithm) return undefined;
  return createHash(algorithm).update(nameWire(owner)).update(dnskeyRdata(key)).digest();
}

/** Whether `ds` names `key` of the zone `owner`: same tag and algorithm, and the digest matches. */
export function dsMatches(owner: string, ds: dnsPacket.DsData, key: dnsPacket.DnskeyData): boolean {
  return keyTag(key) === ds.keyTag && key.algorithm === ds.algorithm && dsDigest(owner, key, ds.digestType)?.equals(ds.digest) === true;
}

// Signature algorithms (IANA "DNS Security Algorithm Numbers"): the hash, and the key's JWK shape.
type Algorithm = { hash: string | null; key: "rsa" | "ec" | "okp"; curve?: string; size?: number };
const ALGORITHMS: Record<number, Algorithm> = {
  5: { hash: "sha1", key: "rsa" },
  7: { hash: "sha1", key: "rsa" },
  8: { hash: "sha256", key: "rsa" },
  10: { hash: "sha512", key: "rsa" },
  13: { hash: "sha256", key: "ec", curve: "P-256", size: 32 },
  14: { hash: "sha384", key: "ec", curve: "P-384", size: 48 },
  15: { hash: null, key: "okp", curve: "Ed25519" },
  16: { hash: null, key: "okp", curve: "Ed448" },
};

export const canVerify = (algorithm: number): boolean => ALGORITHMS[algorithm] !== undefined;

/** The public key of a DNSKEY: RFC 3110 (RSA), RFC 6605 (ECDSA, x then y), RFC 8080 (EdDSA). */
function publicKey(key: dnsPacket.DnskeyData): KeyObject {
  const spec = ALGORITHMS[key.algorithm];
  if (!spec) throw new Error(`algorithm ${key.algorithm} is not supported`);
  const b64 = (bytes: Buffer) => bytes.toString("base64url");
  const data = key.key;
  switch (spec.key) {
    case "rsa": {
      const long = data[0] === 0;
      const exponentLength = long ? data.readUInt16BE(1) : data[0]!;
      const start = long ? 3 : 1;
      const e = data.subarray(start, start + exponentLength);
      const n = data.subarray(start + exponentLength);
      return createPublicKey({ key: { kty: "RSA", n: b64(n), e: b64(e) }, format: "jwk" });
    }
    case "ec":
      return createPublicKey({ key: { kty: "EC", crv: spec.curve, x: b64(data.subarray(0, spec.size)), y: b64(data.subarray(spec.size)) }, format: "jwk" });
    case "okp":
      return createPublicKey({ key: { kty: "OKP", crv: spec.curve, x: b64(data) }, format: "jwk" });
  }
}

/** RDATA with its domain names in lower case, for the types RFC 4034 §6.2 (as RFC 6840 §5.1 left it) lists. */
function canonicalData(record: dnsPacket.Answer): dnsPacket.Answer {
  switch (record.type) {
    case "NS":
    case "CNAME":
    case "PTR":
    case "DNAME":
      return { ...record, data: normalizeName(record.data) };
    case "MX":
      return { ...record, data: { ...record.data, exchange: normalizeName(record.data.exchange) } };
    case "SOA":
      return { ...record, data: { ...record.data, mname: normalizeName(record.data.mname), rname: normalizeName(record.data.rname) } };
    case "SRV":
      return { ...record, data: { ...record.data, target: normalizeName(record.data.target) } };
    default:
      return record;
  }
}

const HEADER_BYTES = 12;

/** One resource record in wire form as the signature covers it: canonical owner, original TTL, canonical RDATA. */
function canonicalRecord(record: dnsPacket.Answer, owner: string, originalTtl: number): Buffer {
  const answer = { ...canonicalData(record), name: owner, ttl: originalTtl, class: "IN" } as dnsPacket.Answer;
  // dns-packet never compresses names, so the record is the packet minus its header.
  return dnsPacket.encode({ type: "response", id: 0, flags: 0, answers: [answer] }).subarray(HEADER_BYTES);
}

const labelCount = (name: string) => normalizeName(name).split(".").filter((l) => l !== "" && l !== "*").length;

/** The bytes an RRSIG signs (RFC 4034 §3.1.8.1): its RDATA without the signature, then the RRset in canonical order. */
export function signedData(rrset: dnsPacket.Answer[], sig: dnsPacket.RrsigData): Buffer {
  // The RRSIG RDATA with an empty signature and the signer's name in canonical form.
  const unsigned: dnsPacket.Answer = { type: "RRSIG", name: ".", ttl: 0, data: { ...sig, signersName: normalizeName(sig.signersName), signature: Buffer.alloc(0) } };
  const header = canonicalRecord(unsigned, ".", 0).subarray(nameWire(".").length + 10);
  const first = rrset[0];
  if (!first) throw new Error("an RRset has at least one record");
  // A wildcard expansion is signed as the wildcard name (RFC 4035 §5.3.2).
  const labels = normalizeName(first.name).split(".").filter((l) => l !== "");
  const owner = sig.labels < labelCount(first.name) ? ["*", ...labels.slice(labels.length - sig.labels)].join(".") : normalizeName(first.name);
  const records = rrset.map((r) => canonicalRecord(r, owner, sig.originalTTL));
  const rdataOf = (wire: Buffer) => wire.subarray(nameWire(owner).length + 10);
  const sorted = records.sort((a, b) => Buffer.compare(rdataOf(a), rdataOf(b))).filter((r, i, all) => i === 0 || !r.equals(all[i - 1]!));
  return Buffer.concat([header, ...sorted]);
}

export type SignatureVerdict =
  | { valid: true; sig: dnsPacket.RrsigData }
  | { valid: false; reason: "unsigned" | "expired" | "not-yet-valid" | "no-key" | "unsupported" | "bad-signature"; sig?: dnsPacket.RrsigData };

// When several signatures fail, the reason reported is the most telling one.
const REASON_ORDER: Array<Exclude<SignatureVerdict, { valid: true }>["reason"]> = ["expired", "not-yet-valid", "bad-signature", "no-key", "unsupported", "unsigned"];

/**
 * Whether one of `sigs` is a current signature over `rrset` by one of `keys` (zone keys of the signer).
 * `now` is in seconds since the epoch.
 */
export function verifyRrset(rrset: dnsPacket.Answer[], sigs: dnsPacket.RrsigData[], keys: dnsPacket.DnskeyData[], now: number): SignatureVerdict {
  const failures: Array<Exclude<SignatureVerdict, { valid: true }>> = [];
  for (const sig of sigs) {
    if (sig.expiration < now) {
      failures.push({ valid: false, reason: "expired", sig });
      continue;
    }
    if (sig.inception > now) {
      failures.push({ valid: false, reason: "not-yet-valid", sig });
      continue;
    }
    const spec = ALGORITHMS[sig.algorithm];
    if (!spec) {
      failures.push({ valid: false, reason: "unsupported", sig });
      continue;
    }
    const candidates = keys.filter((k) => (k.flags & ZONE_KEY) !== 0 && k.algorithm === sig.algorithm && keyTag(k) === sig.keyTag);
    if (candidates.length === 0) {
      failures.push({ valid: false, reason: "no-key", sig });
      continue;
    }
    const data = signedData(rrset, sig);
    const good = candidates.some((key) => {
      try {
        return verify(spec.hash, data, { key: publicKey(key), dsaEncoding: "ieee-p1363" }, sig.signature);
      } catch {
        return false; // a malformed key or signature verifies nothing
      }
    });
    if (good) return { valid: true, sig };
    failures.push({ valid: false, reason: "bad-signature", sig });
  }
  if (failures.length === 0) return { valid: false, reason: "unsigned" };
  return failures.sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason))[0]!;
}
