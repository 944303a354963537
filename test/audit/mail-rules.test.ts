// SPF, DMARC, DKIM, MX and DNSSEC rules against real zones served by knotd: include loops, 11 lookups,
// void lookups, duplicate records, weak policies and keys, null MX, and a DS that matches no key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../cli/audit/run";
import type { Finding } from "../../cli/audit/types";
import { dkimRecord, finding, testOptions } from "./helpers/audit";
import { startKnot, txt, type KnotServer } from "./helpers/knot";

const DNS_HOST = "127.0.3.1";
const includes = (zone: string, count: number) => Array.from({ length: count }, (_, i) => `include:i${i + 1}.${zone}`).join(" ");
const includeTargets = (count: number) => Array.from({ length: count }, (_, i) => `i${i + 1} TXT ${txt(`v=spf1 ip4:198.51.100.${i + 1} -all`)}`);

let dns: KnotServer;

beforeAll(async () => {
  dns = await startKnot(DNS_HOST, [
    {
      origin: "loop.test",
      records: [`@ TXT ${txt("v=spf1 include:a.loop.test ~all")}`, `a TXT ${txt("v=spf1 include:b.loop.test ~all")}`, `b TXT ${txt("v=spf1 include:a.loop.test ~all")}`],
    },
    { origin: "eleven.test", records: [`@ TXT ${txt(`v=spf1 ${includes("eleven.test", 11)} -all`)}`, ...includeTargets(11)] },
    { origin: "ten.test", records: [`@ TXT ${txt(`v=spf1 ${includes("ten.test", 10)} -all`)}`, ...includeTargets(10)] },
    { origin: "void.test", records: [`@ TXT ${txt("v=spf1 a:n1.void.test a:n2.void.test a:n3.void.test -all")}`] },
    {
      origin: "dup.test",
      records: [
        `@ TXT ${txt("v=spf1 -all")}`,
        `_dmarc TXT ${txt("v=DMARC1; p=reject; rua=mailto:a@dup.test")}`,
        `_dmarc TXT ${txt("v=DMARC1; p=none")}`,
      ],
    },
    {
      origin: "weak.test",
      records: [
        `@ TXT ${txt("v=spf1 ip4:198.51.100.7 ~all")}`,
        `@ TXT ${txt("v=spf1 -all")}`,
        `_dmarc TXT ${txt("v=DMARC1; p=none")}`,
        "@ MX 0 .",
        `old._domainkey TXT ${txt(dkimRecord(1024))}`,
        `gone._domainkey TXT ${txt("v=DKIM1; k=rsa; p=")}`,
      ],
    },
    {
      origin: "neutral.test",
      records: [
        `@ TXT ${txt("v=spf1 ip4:198.51.100.7 ?all")}`,
        `_dmarc TXT ${txt("v=DMARC1; p=quarantine; t=y; sp=none; rua=mailto:reports@elsewhere.test")}`,
      ],
    },
    { origin: "mismatch.test", signed: true, wrongDs: "mismatch.test. DS 4242 13 2 " + "ab".repeat(32), records: ["@ A 127.0.3.9"] },
  ]);
});

afterAll(async () => {
  await dns?.stop();
});

async function audit(domain: string, dkimSelectors: string[] = []): Promise<Finding[]> {
  return (await runAudit(testOptions(domain, dns, { dkimSelectors }))).findings;
}

function verdict(findings: Finding[], id: string): [string, string] {
  const f = finding(findings, id);
  return [f.status, f.severity];
}

describe("SPF", () => {
  it("catches an include loop and names it", async () => {
    const findings = await audit("loop.test");
    expect(verdict(findings, "spf.loop")).toEqual(["fail", "launch-stopping"]);
    expect(finding(findings, "spf.loop").summary).toContain("(loop.test → a.loop.test → b.loop.test → a.loop.test)");
    // Evaluation runs into the 10-lookup limit too (RFC 7208 §4.6.4).
    expect(verdict(findings, "spf.lookups")).toEqual(["fail", "launch-stopping"]);
  });

  it("fails 11 lookups and warns at 10", async () => {
    const eleven = await audit("eleven.test");
    expect(verdict(eleven, "spf.lookups")).toEqual(["fail", "launch-stopping"]);
    expect(finding(eleven, "spf.lookups").summary).toContain('needs more than 10 DNS lookups (include, a, mx, ptr, exists, redirect; RFC 7208 §4.6.4): receivers stop with a permanent error, so SPF fails for all mail from the domain: "v=spf1 include:i1.eleven.test');
    // The permanent error is spf.lookups' finding; the record is not also listed as a pass.
    expect(eleven.find((f) => f.id === "spf.record")).toBeUndefined();
    expect(finding(eleven, "spf.loop").status).toBe("pass");
    const ten = await audit("ten.test");
    expect(verdict(ten, "spf.lookups")).toEqual(["warn", "low"]);
    expect(finding(ten, "spf.lookups").summary).toContain("uses 10 of the 10 DNS lookups");
    expect(finding(ten, "spf.record").summary).toContain("include:i10.ten.test -all"); // a record of several TXT strings, joined
    expect(verdict(ten, "spf.all")).toEqual(["pass", "launch-stopping"]);
  });

  it("fails more than 2 void lookups", async () => {
    const findings = await audit("void.test");
    expect(verdict(findings, "spf.void")).toEqual(["fail", "launch-stopping"]);
  });

  it("fails two SPF records and a neutral ?all", async () => {
    const weak = await audit("weak.test");
    expect(verdict(weak, "spf.record")).toEqual(["fail", "launch-stopping"]);
    expect(finding(weak, "spf.record").summary).toContain("publishes 2 SPF records");
    const neutral = await audit("neutral.test");
    expect(verdict(neutral, "spf.all")).toEqual(["fail", "high"]);
    expect(finding(neutral, "spf.all").summary).toContain('(?all gives "neutral")');
  });
});

describe("DMARC", () => {
  it("fails duplicate records as no DMARC at all", async () => {
    const findings = await audit("dup.test");
    expect(verdict(findings, "dmarc.record")).toEqual(["fail", "launch-stopping"]);
    expect(finding(findings, "dmarc.record").summary).toContain("_dmarc.dup.test has 2 DMARC records: receivers ignore all of them");
    expect(findings.some((f) => f.id === "dmarc.policy")).toBe(false);
  });

  it("fails p=none and flags test mode, sp=none and unauthorised external reports", async () => {
    const none = await audit("weak.test");
    expect(verdict(none, "dmarc.record")).toEqual(["pass", "launch-stopping"]);
    expect(verdict(none, "dmarc.policy")).toEqual(["fail", "high"]);
    expect(verdict(none, "dmarc.reports")).toEqual(["warn", "medium"]);
    const testing = await audit("neutral.test");
    expect(verdict(testing, "dmarc.policy")).toEqual(["warn", "medium"]);
    expect(finding(testing, "dmarc.policy").summary).toContain("test mode (t=y)");
    expect(finding(testing, "dmarc.policy").summary).toContain("sp=none");
    expect(verdict(testing, "dmarc.reports")).toEqual(["warn", "medium"]);
    expect(finding(testing, "dmarc.reports").summary).toContain("neutral.test._report._dmarc.<its domain>");
  });
});

describe("DKIM and MX", () => {
  it("judges given selectors: short key, revoked key, missing key", async () => {
    const findings = await audit("weak.test", ["old", "gone", "missing"]);
    expect(verdict(findings, "dkim.old")).toEqual(["warn", "low"]);
    expect(finding(findings, "dkim.old").summary).toContain("has 1024 bits");
    expect(verdict(findings, "dkim.gone")).toEqual(["fail", "high"]);
    expect(finding(findings, "dkim.gone").summary).toContain("revoked");
    expect(verdict(findings, "dkim.missing")).toEqual(["fail", "high"]);
  });

  it("finds no key at the common selectors without calling it a failure", async () => {
    expect(verdict(await audit("dup.test"), "dkim.keys")).toEqual(["warn", "medium"]);
  });

  it("accepts a null MX and skips MTA-STS and TLS-RPT for a domain that receives no mail", async () => {
    const findings = await audit("weak.test");
    expect(verdict(findings, "mail.mx")).toEqual(["pass", "high"]);
    expect(finding(findings, "mail.mx").summary).toContain("null MX");
    expect(finding(findings, "mail.mta-sts").summary).toContain("MTA-STS does not apply");
    expect(finding(findings, "mail.tls-rpt").summary).toContain("does not apply");
  });
});

describe("DNSSEC", () => {
  it("fails a DS at the parent that matches none of the zone's keys", async () => {
    const findings = await audit("mismatch.test");
    expect(verdict(findings, "dns.dnssec")).toEqual(["fail", "launch-stopping"]);
    expect(finding(findings, "dns.dnssec").summary).toContain("(key tag 4242) matches none of the zone's keys");
  });

  it("warns about an unsigned zone", async () => {
    expect(verdict(await audit("dup.test"), "dns.dnssec")).toEqual(["warn", "medium"]);
  });
});
