// DNSSEC judged side by side with tools experts trust, on a signed `test.` served by knotd: unbound validating
// from its own trust anchor (asked with dig), delv validating against the authoritative server, and
// ldns-verify-zone on the zones ldns-signzone signed. Zones: healthy (signed by knot with ECDSA P-256, and by
// ldns-signzone with each other algorithm the audit verifies), a DS that names no key, a DS with the key's tag but
// another digest, a DS for an unsigned zone, every signature expired, only the DNSKEY set's signature current, and
// current signatures that do not match their records.
import { execFileSync, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as dnsPacket from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCode, runAudit } from "../../cli/audit/run";
import type { Finding } from "../../cli/audit/types";
import { finding, testOptions } from "./helpers/audit";
import { startKnot, txt, type KnotServer, type ZoneSpec } from "./helpers/knot";
import { startUnbound, type Unbound } from "./helpers/unbound";

const DNS_HOST = "127.0.8.1";
const RESOLVER_HOST = "127.0.8.2";
const BROKEN_RESOLVER_HOST = "127.0.8.3";

const records = (origin: string) => [
  "@ A 127.0.8.9",
  "www A 127.0.8.9",
  "@ MX 0 .",
  `@ TXT ${txt("v=spf1 -all")}`,
  `_dmarc TXT ${txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${origin}`)}`,
];
const zone = (origin: string, spec: Omit<ZoneSpec, "origin" | "records">): ZoneSpec => ({ origin, records: records(origin), ...spec });
/** The real DS with the last digest digit changed: the key's own tag, another digest. */
const otherDigest = (ds: string) => ds.replace(/[0-9A-F]$/i, (d) => (d.toUpperCase() === "0" ? "1" : "0"));

const ZONES: ZoneSpec[] = [
  zone("knot-ok.test", { signed: true }),
  zone("ldns-ok.test", { ldnsSigned: { algorithm: "RSASHA256" } }),
  zone("rsasha1.test", { ldnsSigned: { algorithm: "RSASHA1" } }),
  zone("rsasha512.test", { ldnsSigned: { algorithm: "RSASHA512" } }),
  zone("p384.test", { ldnsSigned: { algorithm: "ECDSAP384SHA384" } }),
  zone("ed25519.test", { ldnsSigned: { algorithm: "ED25519" } }),
  zone("ed448.test", { ldnsSigned: { algorithm: "ED448" } }),
  zone("wrong-ds.test", { signed: true, wrongDs: `wrong-ds.test. DS 4242 13 2 ${"ab".repeat(32)}` }),
  zone("bad-digest.test", { signed: true, wrongDs: otherDigest }),
  zone("ds-unsigned.test", { wrongDs: `ds-unsigned.test. DS 4242 13 2 ${"ab".repeat(32)}` }),
  zone("expired.test", { ldnsSigned: { algorithm: "RSASHA256", expired: "all" } }),
  zone("stale.test", { ldnsSigned: { algorithm: "RSASHA256", expired: "all-but-dnskey" } }),
  zone("tampered.test", { ldnsSigned: { algorithm: "ECDSAP256SHA256", tampered: "A" } }),
];

let dns: KnotServer;
let unbound: Unbound;
let workDir: string;
let anchors: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "audit-dnssec-"));
  dns = await startKnot(DNS_HOST, ZONES, { signParent: true });
  unbound = await startUnbound(RESOLVER_HOST, dns, dns.trustAnchor, ZONES.map((z) => z.origin));
  // delv's trust anchor: the same DS of test.
  anchors = path.join(workDir, "anchors.conf");
  const [, tag, algorithm, digestType, digest] = /^\S+\s+DS\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)/.exec(dns.trustAnchor[0]!)!;
  writeFileSync(anchors, `trust-anchors { test. static-ds ${tag} ${algorithm} ${digestType} "${digest}"; };\n`);
}, 60_000);

afterAll(async () => {
  await unbound?.stop();
  await dns?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

type Verdict = "secure" | "bogus";

/** unbound's verdict on the apex A record, asked with dig: NOERROR with AD is secure, SERVFAIL is bogus. */
function unboundVerdict(name: string): Verdict | string {
  const out = execFileSync("dig", [`@${unbound.host}`, "-p", String(unbound.port), name, "A", "+dnssec", "+tries=1", "+time=3"], { encoding: "utf8" });
  const status = /status: (\w+)/.exec(out)?.[1];
  const ad = /;; flags:[^;]*\bad\b/.test(out);
  if (status === "NOERROR" && ad) return "secure";
  if (status === "SERVFAIL") return "bogus";
  return `unexpected: status ${status}, AD ${ad}`;
}

/** delv's verdict on the apex A record, validating itself from the DS of test. against the authoritative server. */
function delvVerdict(name: string): Verdict | string {
  const result = spawnSync("delv", [`@${dns.host}`, "-p", String(dns.port), "-a", anchors, "+root=test.", name, "A"], { encoding: "utf8", timeout: 10_000 });
  const out = `${result.stdout}${result.stderr}`;
  if (out.includes("; fully validated")) return "secure";
  if (/resolution failed|validation failed|broken trust chain|insecurity proof failed/.test(out)) return "bogus";
  return `unexpected: ${out}`;
}

async function audit(domain: string, resolver: { host: string; port: number }): Promise<Finding[]> {
  return (await runAudit(testOptions(domain, resolver))).findings;
}

const dnssecVerdict = (findings: Finding[]): Verdict | string => {
  const f = finding(findings, "dns.dnssec");
  if (f.status === "pass") return "secure";
  if (f.status === "fail" && f.severity === "launch-stopping") return "bogus";
  return `${f.status} ${f.severity}: ${f.summary}`;
};

const EXPECTED: Array<[string, Verdict]> = [
  ["knot-ok.test", "secure"],
  ["ldns-ok.test", "secure"],
  ["rsasha1.test", "secure"],
  ["rsasha512.test", "secure"],
  ["p384.test", "secure"],
  ["ed25519.test", "secure"],
  ["ed448.test", "secure"],
  ["wrong-ds.test", "bogus"],
  ["bad-digest.test", "bogus"],
  ["ds-unsigned.test", "bogus"],
  ["expired.test", "bogus"],
  ["stale.test", "bogus"],
  ["tampered.test", "bogus"],
];

describe("the audit's DNSSEC verdict agrees with unbound and delv", () => {
  it.each(EXPECTED)("%s: %s", async (domain, expected) => {
    expect(unboundVerdict(domain)).toBe(expected);
    expect(delvVerdict(domain)).toBe(expected);
    // Through the validating resolver, and straight from the authoritative server (no resolver validates).
    expect(dnssecVerdict(await audit(domain, unbound))).toBe(expected);
    expect(dnssecVerdict(await audit(domain, dns))).toBe(expected);
  });

  it("ldns-verify-zone agrees on the zones ldns-signzone signed", () => {
    const verifies = (origin: string) => spawnSync("ldns-verify-zone", [dns.ldnsFiles.get(origin)!], { encoding: "utf8" }).status === 0;
    expect(verifies("ldns-ok.test")).toBe(true);
    expect(verifies("expired.test")).toBe(false);
    expect(verifies("stale.test")).toBe(false);
    expect(verifies("tampered.test")).toBe(false);
  });
});

describe("a bogus zone through a validating resolver", () => {
  it("is one launch-stopping DNSSEC finding; the other DNS and mail checks still judge the data", async () => {
    const findings = await audit("wrong-ds.test", unbound);
    const dnssec = finding(findings, "dns.dnssec");
    expect(dnssec.summary).toContain("(key tag 4242) matches none of the zone's keys");
    expect(dnssec.summary).toContain(`The resolver (${unbound.host}:${unbound.port}) agrees: it validates DNSSEC and answers SERVFAIL for wrong-ds.test.`);
    expect(dnssec.fix).toContain("Replace the DS record at the registrar");
    const dnsAndMail = findings.filter((f) => f.area === "dns" || f.area === "mail");
    expect(dnsAndMail.filter((f) => f.status === "error").map((f) => f.id)).toEqual([]);
    expect(dnsAndMail.filter((f) => f.severity === "launch-stopping" && f.status !== "pass").map((f) => f.id)).toEqual(["dns.dnssec"]);
    for (const id of ["dns.apex", "dns.www", "spf.record", "spf.all", "dmarc.record", "dmarc.policy"]) expect(finding(findings, id).status).toBe("pass");
  });

  it("names the record sets whose signatures expired while the DNSKEY set's are current", async () => {
    const dnssec = finding(await audit("stale.test", unbound), "dns.dnssec");
    expect(dnssec.summary).toMatch(/^The DNSKEY set of stale\.test is signed, but \d+ of the \d+ other record sets the audit read do not validate: /);
    expect(dnssec.summary).toMatch(/A stale\.test \(signature expired \d{4}-\d\d-\d\dT/);
    expect(dnssec.summary).toContain("TXT _dmarc.stale.test (signature expired");
  });

  it("names the record sets whose current signatures do not match them", async () => {
    const dnssec = finding(await audit("tampered.test", unbound), "dns.dnssec");
    expect(dnssec.summary).toMatch(/ 2 of the \d+ other record sets the audit read do not validate: A (www\.)?tampered\.test \(the signature does not match the records\); A (www\.)?tampered\.test \(the signature does not match the records\)\./);
    expect(dnssec.summary).not.toContain("TXT");
  });

  it("says the digest differs when the DS carries the key's own tag", async () => {
    const dnssec = finding(await audit("bad-digest.test", unbound), "dns.dnssec");
    const tag = dns.ds.get("bad-digest.test")![0]!.split(/\s+/)[2];
    expect(dnssec.summary).toContain(`The DS record at the registrar names key tag ${tag}, as the zone's key does, but its digest does not match that key`);
  });

  it("says the zone has no keys for a DS of an unsigned zone", async () => {
    const dnssec = finding(await audit("ds-unsigned.test", unbound), "dns.dnssec");
    expect(dnssec.summary).toContain("publishes a DS record for ds-unsigned.test but the zone has no DNSSEC keys");
  });
});

describe("a resolver that fails for everything, even with checking disabled", () => {
  let broken: dgram.Socket;
  let port: number;

  beforeAll(async () => {
    // Answers SERVFAIL to every query, CD or not: a dead resolver, not a bogus zone.
    broken = dgram.createSocket("udp4");
    broken.on("message", (message, client) => {
      const query = dnsPacket.decode(message);
      broken.send(dnsPacket.encode({ type: "response", id: query.id ?? 0, flags: 2, questions: query.questions ?? [] }), client.port, client.address);
    });
    await new Promise<void>((resolve) => broken.bind(0, BROKEN_RESOLVER_HOST, () => resolve()));
    port = broken.address().port;
  });

  afterAll(() => broken?.close());

  it("is reported as checks that could not run, not as a DNSSEC verdict", async () => {
    const report = await runAudit(testOptions("knot-ok.test", { host: BROKEN_RESOLVER_HOST, port }));
    const dnssec = finding(report.findings, "dns.dnssec");
    expect(dnssec.status).toBe("error");
    expect(dnssec.summary).toContain("the server failed to answer (SERVFAIL)");
    expect(dnssec.fix).toContain("Make sure the resolver");
    expect(finding(report.findings, "dns.apex").status).toBe("error");
    expect(exitCode(report)).toBe(1);
  });
});
