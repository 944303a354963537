// A site that is not ready: no DMARC, SPF "+all", no www, plain HTTP served without a redirect, no HSTS, and
// a certificate that expires in three days. The audit must rank the launch-stoppers first and exit 1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCode, runAudit } from "../../cli/audit/run";
import type { AuditReport } from "../../cli/audit/types";
import { caOption, finding, problems, runCli, testOptions } from "./helpers/audit";
import { startKnot, txt, type KnotServer } from "./helpers/knot";
import { makePki, type Pki } from "./helpers/pki";
import { startSite, type Site } from "./helpers/site";

const DNS_HOST = "127.0.2.1";
const WEB_HOST = "127.0.2.2";
const DOMAIN = "bad.test";

let dns: KnotServer;
let pki: Pki;
let site: Site;
let report: AuditReport;

beforeAll(async () => {
  pki = makePki();
  dns = await startKnot(DNS_HOST, [{ origin: DOMAIN, records: [`@ A ${WEB_HOST}`, `@ TXT ${txt("v=spf1 +all")}`] }]);
  site = await startSite(WEB_HOST, [pki.leaf([DOMAIN], 3)], (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" }).end("<h1>coming soon</h1>");
  });
  report = await runAudit(testOptions(DOMAIN, dns, { ca: caOption(pki.caFile), httpPort: site.httpPort, httpsPort: site.httpsPort }));
});

afterAll(async () => {
  await site?.stop();
  await dns?.stop();
  pki?.cleanup();
});

describe("a site that is not ready", () => {
  it("ranks the launch-stoppers first, then the rest by severity", () => {
    expect(problems(report.findings)).toEqual([
      ["dmarc.record", "fail", "launch-stopping"],
      ["spf.all", "fail", "launch-stopping"],
      ["tls.expiry.apex", "fail", "launch-stopping"],
      ["dns.www", "fail", "high"],
      ["http.hsts.apex", "fail", "high"],
      ["http.https-redirect.apex", "fail", "high"],
      ["dkim.keys", "warn", "medium"],
      ["dns.dnssec", "warn", "medium"],
      ["mail.mx", "warn", "medium"],
      ["dns.caa", "warn", "low"],
      ["http.headers.apex", "warn", "low"],
      ["http.security-txt", "warn", "low"],
      // .test has no RDAP service: the registration could not be read, which is said, never passed.
      ["dns.registration", "warn", "info"],
    ]);
    // Every problem comes before every pass.
    const firstPass = report.findings.findIndex((f) => f.status === "pass");
    expect(report.findings.slice(firstPass).every((f) => f.status === "pass")).toBe(true);
    expect(exitCode(report)).toBe(1);
  });

  it("says what is wrong and how to fix it, in plain words", () => {
    const spfAll = finding(report.findings, "spf.all");
    expect(spfAll.summary).toBe(
      'SPF lets any server send mail as bad.test: a server in none of your senders\' ranges (192.0.2.1) gets "pass" (+all). Spoofed mail passes SPF, and DMARC with it.',
    );
    expect(spfAll.fix).toContain('"~all"');
    expect(finding(report.findings, "tls.expiry.apex").summary).toMatch(/^The certificate for bad\.test expires in [23] days \(\d{4}-\d\d-\d\d\): the site shows a security warning/);
    expect(finding(report.findings, "http.https-redirect.apex").summary).toBe(
      "http://bad.test answers 200 over plain HTTP instead of redirecting to HTTPS: visitors who type the name (and old links) use an unencrypted connection.",
    );
    expect(finding(report.findings, "http.hsts.apex").summary).toContain("sends no Strict-Transport-Security header");
    expect(finding(report.findings, "dns.www").fix).toContain("Publish www.bad.test");
    expect(finding(report.findings, "http.headers.apex").summary).toContain("X-Content-Type-Options: nosniff, X-Frame-Options (or CSP frame-ancestors), Content-Security-Policy");
    for (const f of report.findings) expect(f.fix.length).toBeGreaterThan(0);
  });

  it("still passes what is right (the chain, the name, the protocol)", () => {
    expect(finding(report.findings, "tls.chain.apex").status).toBe("pass");
    expect(finding(report.findings, "tls.hostname.apex").status).toBe("pass");
    expect(finding(report.findings, "tls.protocol.apex").status).toBe("pass");
  });

  it("exits 1 from the command line, launch-stoppers listed first", async () => {
    const result = await runCli([
      DOMAIN, "--resolver", `${dns.host}:${dns.port}`, "--ca", pki.caFile,
      "--http-port", String(site.httpPort), "--https-port", String(site.httpsPort), "--latency-samples", "1",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines[1]).toBe("NOT READY: 3 launch-stopping problems (fix those first).");
    expect(lines[3]).toBe("LAUNCH-STOPPING");
    expect(lines[4]).toMatch(/^ {2}FAIL {2}dmarc\.record: bad\.test publishes no DMARC record/);
    expect(result.stdout.indexOf("\nHIGH\n")).toBeGreaterThan(result.stdout.indexOf("tls.expiry.apex"));
  });
});
