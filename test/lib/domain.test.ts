import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asTyped, isDnsName, isHostname, registrableProblem, unroutableRange } from "../../lib/domain";
import { hostingPlatformOf, verificationConsole } from "../../lib/hosting";
import { isSendersDkimForm, SENDERS } from "../../lib/senders";

describe("registrableProblem (public suffix list, through tldts)", () => {
  it.each([
    ["example.com", undefined],
    ["kairos-mentoring.co.uk", undefined],
    ["xn--clat-coaching-9gb.fr", undefined],
    ["co.uk", "co.uk is a public suffix, like com or co.uk, which nobody can register"],
    ["com", "com is a public suffix, like com or co.uk, which nobody can register"],
    ["app.example.com", "app.example.com is below the registrable domain example.com"],
    ["shop.example.co.uk", "shop.example.co.uk is below the registrable domain example.co.uk"],
  ])("%s", (domain, problem) => expect(registrableProblem(domain)).toBe(problem));
});

describe("unroutableRange (IANA special-purpose ranges, through ipaddr.js)", () => {
  it.each([
    ["93.184.215.14", undefined],
    ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", undefined],
    ["10.0.0.5", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["100.64.0.1", "carrierGradeNat"],
    ["203.0.113.20", "reserved"],
    ["fd00::1", "uniqueLocal"],
    ["2001:db8::1", "reserved"],
  ])("%s", (address, range) => expect(unroutableRange(address)).toBe(range));
});

describe("isDnsName", () => {
  it("accepts the underscore names DKIM, SPF and verification records use, and refuses what is no name", () => {
    for (const name of ["selector1-example-com._domainkey.example.onmicrosoft.com", "_spf.mlsend.com", "_acme-challenge.app.example.com", "litesrv._domainkey.mlsend.com"]) expect(isDnsName(name), name).toBe(true);
    for (const name of ["localhost", "a..b", "-a.example.com", "a b.example.com", `${"a".repeat(64)}.example.com`]) expect(isDnsName(name), name).toBe(false);
  });
  it("accepts every host name", () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[a-z]{2,6}$/), (labels, tld) => {
      const name = [...labels, tld].join(".");
      return !isHostname(name) || isDnsName(name);
    }));
  });
});

describe("asTyped", () => {
  it("shows a Unicode domain as typed with its punycode, and an ASCII one once", () => {
    expect(asTyped("xn--clat-coaching-9gb.fr")).toBe("éclat-coaching.fr (xn--clat-coaching-9gb.fr)");
    expect(asTyped("example.com")).toBe("example.com");
  });
});

describe("hosting platforms and verification records", () => {
  it.each([
    ["cname.vercel-dns.com", "Vercel"],
    ["76.76.21.21", "Vercel"],
    ["lebensglueck-studio.netlify.app", "Netlify"],
    ["mindful-leaders-app.onrender.com", "Render"],
    ["216.24.57.1", "Render"],
    ["thrive-web.fly.dev", "Fly.io"],
    ["tranquil-meadow-4k2j9x1b7q8w3e5r.herokudns.com", "Heroku"],
    ["93.184.215.14", undefined],
  ])("%s is served by %s", (target, label) => expect(hostingPlatformOf(target)?.label).toBe(label));
  it("knows where each verification record is confirmed", () => {
    expect(verificationConsole("MS=ms48213377")).toMatch(/^Microsoft 365 admin center/);
    expect(verificationConsole("mailerlite-domain-verification=78bf")).toMatch(/^MailerLite/);
    expect(verificationConsole("v=spf1 -all")).toBeUndefined();
  });
});

describe("each sender's DKIM forms", () => {
  it.each([
    ["microsoft-365", "selector1-example-com._domainkey.example.onmicrosoft.com", true],
    ["microsoft-365", "selector2-example-com._domainkey.example.r-v1.dkim.mail.microsoft", true],
    ["microsoft-365", "v=DKIM1; k=rsa; p=MIIB", false],
    ["microsoft-365", "selector1.example.com", false],
    ["sendgrid", "s1.domainkey.u1234567.wl123.sendgrid.net", true],
    ["sendgrid", "k=rsa; p=MIIB", true],
    ["mailerlite", "litesrv._domainkey.mlsend.com", true],
    ["mailerlite", "v=DKIM1; p=MIIB", false],
    ["google-workspace", "v=DKIM1; k=rsa; p=MIIB", true],
    ["google-workspace", "google.domainkey.example.net", false],
  ] as const)("%s: %s → %s", (id, value, ok) => expect(isSendersDkimForm(SENDERS[id], value)).toBe(ok));
});
