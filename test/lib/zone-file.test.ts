import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ownerName, txtStrings, unquoteTxt, zoneFile, type ZoneRecord } from "../../lib/zone-file";
import { checkZone } from "../helpers/check-zone";

const options = { domain: "example.com", nameServers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"], serial: 2026112801 };

describe("zoneFile", () => {
  const records: ZoneRecord[] = [
    { name: "example.com", type: "CNAME", content: "site.netlify.app", ttl: 1, proxied: true },
    { name: "www.example.com", type: "AAAA", content: "100::", ttl: 1, proxied: true },
    { name: "api.example.com", type: "A", content: "203.0.113.20", ttl: 1, proxied: true },
    { name: "example.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600 },
    { name: "example.com", type: "TXT", content: "v=spf1 include:_spf.google.com -all", ttl: 3600 },
    { name: "example.com", type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" }, ttl: 3600 },
    { name: "_dmarc.example.com", type: "TXT", content: `"v=DMARC1; p=none; rua=mailto:d@example.net"`, ttl: 3600 },
    { name: "google._domainkey.example.com", type: "TXT", content: `v=DKIM1; k=rsa; p=${"A".repeat(400)}`, ttl: 3600 },
    { name: "mail.example.com", type: "MX", content: "feedback-smtp.eu-west-1.amazonses.com", priority: 10, ttl: 3600 },
  ];

  it("writes each record in presentation format", () => {
    const text = zoneFile(records, options);
    expect(text.split("\n").slice(2, 7)).toEqual([
      "$ORIGIN example.com.",
      "$TTL 300",
      "@\t3600\tIN\tSOA\tada.ns.cloudflare.com. dns.cloudflare.com. 2026112801 10000 2400 604800 3600",
      "@\t86400\tIN\tNS\tada.ns.cloudflare.com.",
      "@\t86400\tIN\tNS\tbob.ns.cloudflare.com.",
    ]);
    expect(text).toContain("; @\t300\tIN\tCNAME\tsite.netlify.app.\t; flattened by Cloudflare (served as A/AAAA)");
    expect(text).toContain("www\t300\tIN\tAAAA\t100::\t; cf_tags=cf-proxied:true");
    expect(text).toContain("@\t3600\tIN\tMX\t1\tsmtp.google.com.");
    expect(text).toContain('@\t3600\tIN\tCAA\t0 issue "letsencrypt.org"');
    expect(text).toContain('_dmarc\t3600\tIN\tTXT\t"v=DMARC1; p=none; rua=mailto:d@example.net"');
    // 18 characters of tags + 237 of key fill the first 255-octet string; the other 163 go in a second.
    expect(text).toContain(`google._domainkey\t3600\tIN\tTXT\t"v=DKIM1; k=rsa; p=${"A".repeat(237)}" "${"A".repeat(163)}"`);
  });

  it("passes named-checkzone", () => {
    expect(checkZone("example.com", zoneFile(records, options))).toMatch(/OK/);
  });

  it("writes a null MX (RFC 7505) as the root", () => {
    expect(zoneFile([{ name: "example.com", type: "MX", content: ".", priority: 0, ttl: 3600 }], options)).toContain("@\t3600\tIN\tMX\t0\t.");
  });
});

describe("ownerName", () => {
  it.each([
    ["example.com", "@"],
    ["www.example.com", "www"],
    ["_dmarc.example.com", "_dmarc"],
    ["a.b.example.com", "a.b"],
    ["other.net", "other.net."],
  ])("%s → %s", (name, owner) => expect(ownerName(name, "example.com")).toBe(owner));
});

describe("txtStrings", () => {
  it("round-trips any text through quoting and 255-octet splitting", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", '"', "\\", " ", ";", "="), maxLength: 800 }), (text) => {
        const written = txtStrings(text);
        const strings = [...written.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1"));
        expect(strings.every((s) => s.length <= 255)).toBe(true);
        expect(strings.join("")).toBe(unquoteTxt(text));
      }),
    );
  });

  it("is idempotent on text already written as quoted strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }).filter((t) => !t.includes('"') && !t.includes("\\")), (text) => {
        expect(txtStrings(txtStrings(text))).toBe(txtStrings(text));
      }),
    );
  });
});
