// The audit's pure parts: names, DNSSEC digests, header and record parsing, ranking.
import { generateKeyPairSync, sign } from "node:crypto";
import type * as dnsPacket from "dns-packet";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeDomain } from "../../cli/audit/args";
import { dsDigest, keyTag, signedData, verifyRrset } from "../../cli/audit/dnssec";
import { COMMON_DKIM_SELECTORS, judgeDkimKey } from "../../cli/audit/checks/mail";
import { parseHsts, percentile } from "../../cli/audit/checks/web";
import { parseServer } from "../../cli/audit/dns";
import { parseDs } from "../../cli/audit/plan";
import { exitCode, rankFindings } from "../../cli/audit/run";
import { judge, type Finding } from "../../cli/audit/types";
import { SENDERS } from "../../lib/senders";
import { unquoteTxt } from "../../lib/zone-file";
import { dkimRecord } from "./helpers/audit";

describe("normalizeDomain", () => {
  it.each([
    ["Example.COM.", "example.com"],
    ["www.example.co.uk", "www.example.co.uk"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it("is idempotent and returns lower-case ASCII for every domain it accepts", () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        let normal: string;
        try {
          normal = normalizeDomain(domain);
        } catch {
          return; // rejections are covered by the usage tests
        }
        expect(normalizeDomain(normal)).toBe(normal);
        expect(normal).toMatch(/^[a-z0-9.-]+$/);
      }),
    );
  });
});

describe("parseServer", () => {
  it.each([
    ["127.0.0.1", { host: "127.0.0.1", port: 53 }],
    ["127.0.0.1:5353", { host: "127.0.0.1", port: 5353 }],
    ["[::1]:5300", { host: "::1", port: 5300 }],
    ["::1", { host: "::1", port: 53 }],
    ["127.0.0.1:0", undefined],
    ["127.0.0.1:70000", undefined],
    ["dns.example:53", undefined],
  ])("%s", (text, expected) => {
    expect(parseServer(text)).toEqual(expected);
  });
});

describe("DNSSEC key tag and DS digest", () => {
  // RFC 4034 §5.4: the DNSKEY of dskey.example.com and its DS (key tag 60485, SHA-1 digest).
  const key = {
    flags: 256,
    algorithm: 5,
    key: Buffer.from(
      "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==",
      "base64",
    ),
  };
  it("match RFC 4034's example", () => {
    expect(keyTag(key)).toBe(60485);
    expect(dsDigest("dskey.example.com", key, 1)?.toString("hex").toUpperCase()).toBe("2BB183AF5F22588179A53B0A98631FAD1A292118");
    expect(dsDigest("DSKEY.Example.COM.", key, 1)?.toString("hex").toUpperCase()).toBe("2BB183AF5F22588179A53B0A98631FAD1A292118");
  });
  it("leaves unknown digest types unchecked", () => {
    expect(dsDigest("dskey.example.com", key, 3)).toBeUndefined();
  });
});

describe("RRSIG verdicts", () => {
  // An Ed25519 zone key made here, signing over signedData: this checks the verdicts. The canonical form itself is
  // checked against zones knot and ldns-signzone signed (dnssec.test.ts).
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const zoneKey = { flags: 257, algorithm: 15, key: Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url") };
  const rrset: dnsPacket.Answer[] = [
    { type: "A", name: "WWW.Example.com", ttl: 60, data: "192.0.2.1" },
    { type: "A", name: "www.example.com", ttl: 60, data: "192.0.2.2" },
  ];
  const now = 1_800_000_000;
  const rrsig = (fields: Partial<dnsPacket.RrsigData> = {}, over = rrset): dnsPacket.RrsigData => {
    const unsigned = { typeCovered: "A", algorithm: 15, labels: 3, originalTTL: 300, expiration: now + 3600, inception: now - 3600, keyTag: keyTag(zoneKey), signersName: "example.com", signature: Buffer.alloc(0), ...fields };
    return { ...unsigned, signature: sign(null, signedData(over, unsigned), privateKey) };
  };
  const reason = (sigs: dnsPacket.RrsigData[], keys = [zoneKey], set = rrset) => {
    const verdict = verifyRrset(set, sigs, keys, now);
    return verdict.valid ? "valid" : verdict.reason;
  };

  it.each([
    ["a current signature by the zone key", () => reason([rrsig()]), "valid"],
    ["the same set in another order", () => reason([rrsig()], [zoneKey], [...rrset].reverse()), "valid"],
    ["an expired signature", () => reason([rrsig({ inception: now - 7200, expiration: now - 1 })]), "expired"],
    ["a signature not valid yet", () => reason([rrsig({ inception: now + 1 })]), "not-yet-valid"],
    ["a key tag the zone does not publish", () => reason([rrsig({ keyTag: (keyTag(zoneKey) + 1) % 65536 })]), "no-key"],
    ["a key without the zone-key flag", () => reason([rrsig()], [{ ...zoneKey, flags: 1 }]), "no-key"],
    ["records the signature was not made over", () => reason([rrsig({}, rrset.slice(0, 1))]), "bad-signature"],
    ["an algorithm the audit cannot verify", () => reason([rrsig({ algorithm: 3 })]), "unsupported"],
    ["no signature", () => reason([]), "unsigned"],
    ["one good signature among failing ones", () => reason([rrsig({ expiration: now - 1 }), rrsig()]), "valid"],
    ["the most telling failure of several", () => reason([rrsig({ keyTag: 1 }), rrsig({ expiration: now - 1 })]), "expired"],
  ])("%s", (_case, verdict, expected) => {
    expect(verdict()).toBe(expected);
  });
});

describe("parsing", () => {
  it.each([
    ["max-age=31536000; includeSubDomains; preload", { maxAge: 31536000, includeSubDomains: true, preload: true }],
    ['max-age="600"', { maxAge: 600, includeSubDomains: false, preload: false }],
    ["includeSubDomains", { includeSubDomains: true, preload: false }],
    ["max-age=abc", { includeSubDomains: false, preload: false }],
  ])("HSTS %s", (header, expected) => {
    expect(parseHsts(header)).toEqual(expected);
  });

  it.each([
    ['"v=spf1 " "-all"', "v=spf1 -all"],
    ['"say \\"hi\\""', 'say "hi"'],
    ["v=DMARC1; p=none", "v=DMARC1; p=none"],
  ])("TXT content %s", (content, expected) => {
    expect(unquoteTxt(content)).toBe(expected);
  });

  it("reads a DS record in presentation format", () => {
    expect(parseDs("example.com. 3600 IN DS 2371 13 2 AB12 CD34")).toEqual({
      keyTag: 2371,
      algorithm: 13,
      digestType: 2,
      digest: "ab12cd34",
      text: "example.com. 3600 IN DS 2371 13 2 AB12 CD34",
    });
    // The plan's dnssecDsRecord output is the record data alone, as registrars ask for it.
    expect(parseDs("2371 13 2 abcd")).toEqual({ keyTag: 2371, algorithm: 13, digestType: 2, digest: "abcd", text: "2371 13 2 abcd" });
    expect(parseDs("2371 13 abcd")).toBeUndefined();
    expect(parseDs("example.com. 3600 IN TXT 2371")).toBeUndefined();
  });

  it("takes nearest-rank percentiles", () => {
    const samples = [50, 10, 40, 30, 20, 60, 70, 80, 90, 100];
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe("DKIM keys", () => {
  it("tries every fixed selector of the sender catalog when none is given", () => {
    const fixed = Object.values(SENDERS).flatMap((sender) => ("dkimSelector" in sender && !/\\d/.test(sender.dkimSelector.source) ? [sender.dkimSelector] : []));
    expect(fixed.length).toBeGreaterThan(0);
    for (const selector of fixed) expect(COMMON_DKIM_SELECTORS.some((s) => selector.test(s)), String(selector)).toBe(true);
  });

  it("passes 2048-bit RSA and Ed25519, warns on 1024, fails what receivers cannot use", () => {
    const ed25519 = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" }).subarray(-32).toString("base64");
    const verdict = (text: string) => {
      const f = judgeDkimKey("s", "s._domainkey.example.com", text);
      return [f.status, f.severity];
    };
    expect(verdict(dkimRecord(2048))).toEqual(["pass", "high"]);
    expect(verdict(`v=DKIM1; k=ed25519; p=${ed25519}`)).toEqual(["pass", "high"]);
    expect(verdict(dkimRecord(1024))).toEqual(["warn", "low"]);
    expect(verdict(dkimRecord(512))).toEqual(["fail", "high"]);
    expect(verdict("v=DKIM1; k=rsa; p=bm90IGEga2V5")).toEqual(["fail", "high"]);
    expect(verdict("v=DKIM1; k=rsa; p=")).toEqual(["fail", "high"]);
    expect(verdict("v=DKIM2; p=abc")).toEqual(["fail", "high"]);
  });
});

describe("ranking", () => {
  const f = (id: string, status: Finding["status"], severity: Finding["severity"]): Finding => ({ id, area: "dns", status, severity, summary: id, fix: "-" });

  it("puts problems first by severity, then fail, error, warn; passes last", () => {
    const ranked = rankFindings([
      f("a.pass", "pass", "launch-stopping"),
      f("b.warn", "warn", "high"),
      f("c.error", "error", "launch-stopping"),
      f("d.fail", "fail", "low"),
      f("e.fail", "fail", "launch-stopping"),
      f("f.fail", "fail", "high"),
    ]);
    expect(ranked.map((x) => x.id)).toEqual(["e.fail", "c.error", "f.fail", "b.warn", "d.fail", "a.pass"]);
  });

  it("counts a launch-stopping error as not ready, and nothing else", () => {
    const report = (findings: Finding[]) => ({ domain: "example.com", durationMs: 1, findings });
    expect(exitCode(report([f("x", "error", "launch-stopping")]))).toBe(1);
    expect(exitCode(report([f("x", "fail", "launch-stopping")]))).toBe(1);
    expect(exitCode(report([f("x", "warn", "launch-stopping"), f("y", "fail", "high"), f("z", "error", "high")]))).toBe(0);
  });

  it("reports the worst of several problems with every text", () => {
    const finding = judge("x", "http", "high", [
      { status: "warn", severity: "low", text: "A.", fix: "Do a." },
      { status: "fail", severity: "high", text: "B.", fix: "Do b." },
      { status: "warn", severity: "low", text: "C.", fix: "Do a." },
    ], "fine");
    expect(finding).toEqual({ id: "x", area: "http", status: "fail", severity: "high", summary: "A. B. C.", fix: "Do a. Do b." });
    expect(judge("x", "http", "high", [], "fine").status).toBe("pass");
  });
});
