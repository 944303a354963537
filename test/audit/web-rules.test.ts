// Redirect, HSTS, certificate-name, TLS-version and MTA-STS rules against real listeners: www and apex both
// serving pages, redirects that drop the path or leave the host before HTTPS, a short HSTS max-age, a certificate
// that does not cover a host, a server that offers only TLS 1.0/1.1, and an MTA-STS policy in enforce mode that
// leaves out the MX host. openssl s_client judges the certificate and the TLS versions beside the audit.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../cli/audit/run";
import type { Finding } from "../../cli/audit/types";
import { caOption, finding, testOptions } from "./helpers/audit";
import { startKnot, txt, type KnotServer } from "./helpers/knot";
import { makePki, type Pki } from "./helpers/pki";
import { OBSOLETE_TLS_ONLY, startSite, type Site } from "./helpers/site";

const DNS_HOST = "127.0.5.1";
const WEB_HOST = "127.0.5.2";
const OLD_TLS_HOST = "127.0.5.4";
const HSTS = "max-age=31536000";

let dns: KnotServer;
let pki: Pki;
let site: Site;
let oldTls: Site;

beforeAll(async () => {
  pki = makePki();
  const web = (names: string[]) => names.map((n) => `${n} A ${WEB_HOST}`);
  dns = await startKnot(DNS_HOST, [
    { origin: "split.test", records: web(["@", "www"]) },
    { origin: "drop.test", records: web(["@", "www"]) },
    {
      origin: "sts.test",
      records: [...web(["@", "app", "mta-sts"]), "@ MX 10 mx1.sts.test.", "mx1 A 127.0.5.3", `_mta-sts TXT ${txt("v=STSv1; id=1")}`],
    },
    { origin: "old.test", records: [`@ A ${OLD_TLS_HOST}`] },
  ]);
  // app.sts.test is left out: its handshake falls back to this certificate, which does not cover it.
  const leaf = pki.leaf(["split.test", "www.split.test", "drop.test", "www.drop.test", "sts.test", "mta-sts.sts.test"], 90);
  site = await startSite(WEB_HOST, [leaf], (request, response, host, secure) => {
    const url = request.url ?? "/";
    if (host.endsWith("drop.test")) {
      // Every redirect goes to the apex home page, from HTTP straight to the other host.
      if (!secure || host === "www.drop.test") return response.writeHead(301, { location: "https://drop.test/" }).end();
      return response.writeHead(200, { "strict-transport-security": "max-age=600" }).end("home");
    }
    if (!secure) return response.writeHead(301, { location: `https://${host}${url}` }).end();
    if (url === "/.well-known/mta-sts.txt") {
      return response.writeHead(200, { "strict-transport-security": HSTS }).end("version: STSv1\nmode: enforce\nmx: mx9.elsewhere.test\nmax_age: 86400\n");
    }
    response.writeHead(200, { "strict-transport-security": HSTS }).end("page");
  });
  oldTls = await startSite(
    OLD_TLS_HOST,
    [pki.leaf(["old.test"], 90)],
    (request, response, host, secure) => {
      if (!secure) return response.writeHead(301, { location: `https://${host}${request.url ?? "/"}` }).end();
      response.writeHead(200, { "strict-transport-security": HSTS }).end("page");
    },
    OBSOLETE_TLS_ONLY,
  );
});

afterAll(async () => {
  await oldTls?.stop();
  await site?.stop();
  await dns?.stop();
  pki?.cleanup();
});

async function audit(domain: string, on: Site = site): Promise<Finding[]> {
  return (await runAudit(testOptions(domain, dns, { ca: caOption(pki.caFile), httpPort: on.httpPort, httpsPort: on.httpsPort }))).findings;
}

/**
 * Whether `openssl s_client` completes a handshake (with -verify_return_error, one whose chain, or name, verifies).
 * Run asynchronously: the listeners live in this process.
 */
function opensslAccepts(host: string, port: number, name: string, args: string[]): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn("openssl", ["s_client", "-connect", `${host}:${port}`, "-servername", name, "-CAfile", pki.caFile, ...args], { stdio: ["ignore", "ignore", "ignore"], timeout: 10_000 });
    child.on("error", reject);
    child.on("close", (code) => resolve(code === 0));
  });
}

const verdict = (findings: Finding[], id: string) => [finding(findings, id).status, finding(findings, id).severity];

describe("canonical host and redirects", () => {
  it("fails www and apex that both serve pages", async () => {
    const findings = await audit("split.test");
    expect(verdict(findings, "http.canonical")).toEqual(["fail", "medium"]);
    expect(finding(findings, "http.canonical").summary).toContain("both serve pages (ending at split.test and www.split.test)");
    expect(verdict(findings, "http.https-redirect.www")).toEqual(["pass", "high"]);
  });

  it("flags redirects that drop the path or leave the host before HTTPS, and a short HSTS max-age", async () => {
    const findings = await audit("drop.test");
    expect(verdict(findings, "http.canonical")).toEqual(["fail", "medium"]);
    expect(finding(findings, "http.canonical").summary).toContain(
      "https://www.drop.test/launch-ready-audit/probe?source=audit&n=1 lands on https://drop.test/: the path or query is dropped",
    );
    expect(verdict(findings, "http.https-redirect.www")).toEqual(["warn", "medium"]);
    expect(finding(findings, "http.https-redirect.www").summary).toContain("redirects straight to https://drop.test");
    expect(verdict(findings, "http.https-redirect.apex")).toEqual(["warn", "medium"]);
    expect(verdict(findings, "http.hsts.apex")).toEqual(["warn", "medium"]);
    expect(finding(findings, "http.hsts.apex").summary).toContain("max-age of https://drop.test is 10 minutes (max-age=600)");
    // www redirects without HSTS: browsers never learn HSTS for it.
    expect(verdict(findings, "http.hsts.www")).toEqual(["fail", "high"]);
  });
});

describe("certificates and MTA-STS", () => {
  it("fails a certificate that does not cover the host, as a wrong name only: its chain is trusted", async () => {
    const findings = await audit("sts.test");
    expect(verdict(findings, "tls.hostname.app")).toEqual(["fail", "launch-stopping"]);
    expect(finding(findings, "tls.hostname.app").summary).toContain("does not cover that name (it is for split.test, www.split.test, drop.test, www.drop.test, sts.test, mta-sts.sts.test)");
    expect(verdict(findings, "tls.chain.app")).toEqual(["pass", "launch-stopping"]);
    expect(verdict(findings, "tls.hostname.apex")).toEqual(["pass", "launch-stopping"]);
    // openssl agrees: the chain verifies, the name does not.
    expect(await opensslAccepts(WEB_HOST, site.httpsPort, "app.sts.test", ["-verify_return_error"])).toBe(true);
    expect(await opensslAccepts(WEB_HOST, site.httpsPort, "app.sts.test", ["-verify_return_error", "-verify_hostname", "app.sts.test"])).toBe(false);
  });

  it("reports a server that offers only TLS 1.0/1.1 as the protocol finding, and judges its certificate", async () => {
    const findings = await audit("old.test", oldTls);
    expect(verdict(findings, "tls.protocol.apex")).toEqual(["fail", "launch-stopping"]);
    expect(finding(findings, "tls.protocol.apex").summary).toContain("old.test offers only TLSv1.1, no TLS 1.2 or 1.3: current browsers refuse TLS 1.0 and 1.1");
    for (const id of ["tls.chain.apex", "tls.hostname.apex", "tls.expiry.apex", "http.https-redirect.apex"]) expect(finding(findings, id).status).toBe("pass");
    // The checks that read HTTPS responses get none (browsers would not either): no errors, the protocol speaks.
    for (const id of ["http.hsts.apex", "http.headers.apex", "perf.latency.apex"]) expect(findings.find((f) => f.id === id)).toBeUndefined();
    // openssl agrees: no handshake with TLS 1.2, one with TLS 1.1.
    expect(await opensslAccepts(OLD_TLS_HOST, oldTls.httpsPort, "old.test", ["-tls1_2"])).toBe(false);
    expect(await opensslAccepts(OLD_TLS_HOST, oldTls.httpsPort, "old.test", ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])).toBe(true);
  });

  it("fails an enforcing MTA-STS policy that leaves out the MX host", async () => {
    const findings = await audit("sts.test");
    expect(verdict(findings, "mail.mta-sts")).toEqual(["fail", "high"]);
    expect(finding(findings, "mail.mta-sts").summary).toContain("does not list MX host mx1.sts.test: senders that honour MTA-STS refuse to deliver there");
    expect(verdict(findings, "mail.tls-rpt")).toEqual(["warn", "low"]);
  });
});
