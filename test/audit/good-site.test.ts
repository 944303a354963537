// A launch-ready site on loopback (see helpers/good-site.ts) passes every check; a plan that matches it
// agrees, and a plan it has drifted from is reported record by record.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPlan } from "../../cli/audit/plan";
import { latencyP95 } from "../../cli/daily-audit/compare";
import { exitCode, runAudit } from "../../cli/audit/run";
import type { AuditReport } from "../../cli/audit/types";
import { finding, problems, REPO, runCli } from "./helpers/audit";
import { GOOD_DOMAIN as DOMAIN, startGoodSite, type GoodSite } from "./helpers/good-site";

let good: GoodSite;
let report: AuditReport;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "audit-good-"));
  good = await startGoodSite("127.0.1.1", "127.0.1.2");
  report = await runAudit(good.options());
});

afterAll(async () => {
  await good?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const HOST_IDS = (label: string) => [`tls.chain.${label}`, `tls.hostname.${label}`, `tls.expiry.${label}`, `tls.protocol.${label}`, `http.https-redirect.${label}`, `http.hsts.${label}`];

describe("a launch-ready site", () => {
  it("passes every check", () => {
    expect(problems(report.findings)).toEqual([]);
    expect(exitCode(report)).toBe(0);
  });

  it("runs every check once (www redirects, so its headers and latency are judged at the apex)", () => {
    const expected = [
      "dns.ns", "dns.apex", "dns.www", "dns.app", "dns.api", "dns.dnssec", "dns.caa",
      "spf.record", "spf.loop", "spf.lookups", "spf.void", "spf.all",
      "dmarc.record", "dmarc.policy", "dmarc.reports", "dkim.s1", "mail.mx", "mail.mta-sts", "mail.tls-rpt",
      "http.canonical",
      "dns.registration", "dns.registration.locks", "dns.registration.ds", "http.security-txt",
      "http.mixed-content", "http.bundle-secrets", "perf.page-weight",
      ...["apex", "www", "app", "api"].flatMap(HOST_IDS),
      ...["apex", "app", "api"].flatMap((l) => [`http.headers.${l}`, `perf.latency.${l}`]),
    ];
    expect(report.findings.map((f) => f.id).sort()).toEqual([...expected].sort());
  });

  it("reports what it verified", () => {
    expect(finding(report.findings, "dns.dnssec").summary).toContain(`matches key tag ${good.dns.ds.get(DOMAIN)![0]!.split(" ")[2]}`);
    expect(finding(report.findings, "spf.lookups").summary).toContain("uses 2 of the 10 DNS lookups");
    expect(finding(report.findings, "spf.all").summary).toContain('"softfail" (~all)');
    expect(finding(report.findings, "dkim.s1").summary).toContain("2048-bit RSA");
    expect(finding(report.findings, "mail.mta-sts").summary).toContain("mode enforce and covers mx.good.test");
    expect(finding(report.findings, "http.canonical").summary).toContain("reach the canonical https://good.test");
    expect(finding(report.findings, "tls.protocol.apex").summary).toContain("negotiates TLSv1.3 and refuses TLS 1.0/1.1");
    expect(finding(report.findings, "dns.caa").summary).toContain("letsencrypt.org");
  });

  it("reads the registration, the pages, their assets and security.txt", () => {
    expect(finding(report.findings, "dns.registration").summary).toMatch(/^good\.test is registered at Good Registrar, Inc\. \(IANA ID 9999\) until \d{4}-\d\d-\d\d \((299|300) days\)/);
    expect(finding(report.findings, "dns.registration.locks").summary).toContain("client delete prohibited, client transfer prohibited, client update prohibited");
    expect(finding(report.findings, "dns.registration.ds").summary).toContain(`key tag ${good.dns.ds.get(DOMAIN)![0]!.split(" ")[2]}`);
    // Home of the apex (www redirects there), app. and api., and the login page on app.
    expect(finding(report.findings, "http.mixed-content").summary).toBe(
      "No plain-HTTP subresource or form target on https://good.test/, https://app.good.test/, https://api.good.test/, https://app.good.test/login.",
    );
    // One script per host; the publishable Stripe key in it is meant for browsers.
    expect(finding(report.findings, "http.bundle-secrets").summary).toContain("No credential in 4 page(s) and 3 script(s)");
    // HTML, stylesheet, script (gzipped), the 120 KiB image and the 30 KiB font from the stylesheet.
    expect(finding(report.findings, "perf.page-weight").summary).toMatch(/^Within the 1600 KiB budget: https:\/\/good\.test\/ 150 KiB in 5 item\(s\);/);
    expect(good.site.requests).toContain("https://good.test/assets/brand.woff2");
    expect(finding(report.findings, "http.security-txt").summary).toContain("names mailto:security@good.test");
  });

  it("writes each p95 where the daily audit reads it", () => {
    for (const label of ["apex", "app", "api"]) {
      const measured = finding(report.findings, `perf.latency.${label}`);
      expect(latencyP95(measured)).toBeGreaterThan(0);
    }
  });

  it("keeps the probe path and query through every redirect it followed", () => {
    expect(good.site.requests).toContain("https://good.test/launch-ready-audit/probe?source=audit&n=1");
    expect(good.site.requests).toContain("http://www.good.test/launch-ready-audit/probe?source=audit&n=1");
  });

  it("agrees with a plan that declares what is served", async () => {
    const plan = JSON.parse(readFileSync(path.join(REPO, "test/audit/fixtures/good.plan.json"), "utf8"));
    // The DS exists only once keymgr has made the key, so it is added to the hand-written plan here, as the plan's
    // dnssecDsRecord output holds it: the record data alone.
    plan.outputs.dnssecDsRecord = good.dns.ds.get(DOMAIN)!.find((l) => / DS \d+ 13 2 /.test(l))!.replace(/^.*\sDS\s+/, "");
    const file = path.join(workDir, "good.plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const withPlan = await runAudit(good.options({ dkimSelectors: [], plan: await loadPlan(file, DOMAIN) }));
    expect(problems(withPlan.findings)).toEqual([]);
    expect(finding(withPlan.findings, "plan.records.missing").summary).toBe("All 11 DNS records the plan declares are served.");
    expect(finding(withPlan.findings, "plan.nameservers").status).toBe("pass");
    expect(finding(withPlan.findings, "plan.ds").status).toBe("pass");
    // The selector comes from the plan's s1._domainkey record: no --dkim-selector was given.
    expect(finding(withPlan.findings, "dkim.s1").status).toBe("pass");
  });

  it("reports drift from a plan: missing and different records, delegation not done, DS not the planned one", async () => {
    const plan = await loadPlan(path.join(REPO, "test/audit/fixtures/drift.plan.json"), DOMAIN);
    const drifted = await runAudit(good.options({ dkimSelectors: [], plan }));
    expect(problems(drifted.findings)).toEqual([
      ["dkim.ses1", "fail", "high"],
      ["plan.ds", "fail", "high"],
      ["plan.nameservers", "fail", "high"],
      ["plan.records.different", "fail", "high"],
      ["plan.records.missing", "fail", "high"],
    ]);
    expect(finding(drifted.findings, "plan.records.missing").summary).toBe(
      "2 of the 5 DNS records the plan declares are not served: legacy.good.test A; ses1._domainkey.good.test CNAME.",
    );
    expect(finding(drifted.findings, "plan.records.different").summary).toContain(
      '_dmarc.good.test TXT served "v=DMARC1; p=reject; rua=mailto:dmarc@good.test", planned "v=DMARC1; p=quarantine; rua=mailto:dmarc@good.test"',
    );
    expect(finding(drifted.findings, "plan.nameservers").fix).toBe("At the registrar, set the name servers to anna.ns.cloudflare.com and bob.ns.cloudflare.com.");
    expect(finding(drifted.findings, "plan.ds").fix).toContain("publish exactly this DS record: 2371 13 2 1F987CC6");
    // Drift alone is not launch-stopping: what is served passes the launch checks.
    expect(exitCode(drifted)).toBe(0);
  });

  it("exits 0 from the command line and writes the contract's JSON", async () => {
    const json = path.join(workDir, "report.json");
    const result = await runCli([
      DOMAIN, "--resolver", `${good.dns.host}:${good.dns.port}`, "--ca", good.pki.caFile, "--dkim-selector", "s1",
      "--http-port", String(good.site.httpPort), "--https-port", String(good.site.httpsPort), "--latency-samples", "2", "--json", json,
      "--rdap-base", "https://rdap.good.test/rdap/",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Launch audit of good\.test \(\d+ findings in [\d.]+ m?s\)\nREADY: every check passed\.\n/);
    const document = JSON.parse(readFileSync(json, "utf8"));
    expect(Object.keys(document)).toEqual(["domain", "durationMs", "findings"]);
    expect(document.domain).toBe(DOMAIN);
    expect(Number.isInteger(document.durationMs) && document.durationMs > 0).toBe(true);
    for (const f of document.findings) expect(Object.keys(f)).toEqual(["id", "area", "status", "severity", "summary", "fix"]);
    expect(document.findings.map((f: { id: string }) => f.id).sort()).toEqual(report.findings.map((f) => f.id).sort());
  });
});
