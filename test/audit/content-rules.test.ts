// The content checks against a site that is not ready, on loopback over real HTTPS: plain-HTTP scripts, fonts,
// images and a login form on its HTTPS pages; live credentials in its own bundle (made here, never stored in the
// repository); a heavy landing page named with --page; an expired security.txt without a contact. The login page
// is the one the plan's uptime check watches (a French path), not the default /login.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuditArgs } from "../../cli/audit/args";
import { loadPlan } from "../../cli/audit/plan";
import { runAudit } from "../../cli/audit/run";
import type { AuditReport, Finding } from "../../cli/audit/types";
import { UsageError } from "../../cli/usage-error";
import { caOption, finding, testOptions } from "./helpers/audit";
import { startKnot, type KnotServer } from "./helpers/knot";
import { makePki, type Pki } from "./helpers/pki";
import { startSite, type Site } from "./helpers/site";

const DNS_HOST = "127.0.24.1";
const WEB_HOST = "127.0.24.2";
const DOMAIN = "leaky.test";
const HOSTS = ["leaky.test", "www.leaky.test", "app.leaky.test"];

const alnum = (n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") => [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
// Credentials of the shapes secretlint and Stripe document, made fresh for each run.
const AWS_KEY_ID = `AKIA${alnum(16)}`;
// Letters and digits only: a random "/" or "+" at either end falls outside the detector's word boundary (a flaky miss).
const AWS_SECRET = alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
const STRIPE_SECRET = `sk_${"live"}_${alnum(32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`;
const PRIVATE_KEY = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const BUNDLE = [
  "(()=>{const config={region:\"eu-west-1\"};",
  `const s3={accessKeyId:"${AWS_KEY_ID}",secretAccessKey:"${AWS_SECRET}"};`,
  `const stripe="${STRIPE_SECRET}";`,
  `const signing=${JSON.stringify(PRIVATE_KEY)};`,
  "console.log(config,s3,stripe,signing)})();",
].join("\n");
const SECRETS = [AWS_KEY_ID, AWS_SECRET, STRIPE_SECRET, PRIVATE_KEY.split("\n")[1]!];

const HOME = [
  "<!doctype html><html><head>",
  '<script src="http://leaky.test/legacy/analytics.js"></script>',
  '<script src="/static/bundle.js"></script>',
  '<script src="https://cdn.thirdparty.example/widget.js"></script>',
  "<style>@font-face{font-family:X;src:url(http://fonts.leaky.test/x.woff2)}</style>",
  '</head><body><img src="http://leaky.test/img/team.jpg"><img srcset="/img/small.jpg 1x, /img/big.jpg 2x"></body></html>',
].join("");
const LOGIN = '<!doctype html><form method="post" action="http://app.leaky.test/session"><input type="password" name="p"></form>';
const PRICING = '<!doctype html><img src="/img/hero-uncompressed.png"><script src="/static/bundle.js"></script>';
const HERO_BYTES = 2 * 1024 * 1024;

let dns: KnotServer;
let pki: Pki;
let site: Site;
let workDir: string;
let report: AuditReport;

beforeAll(async () => {
  pki = makePki();
  workDir = mkdtempSync(path.join(tmpdir(), "audit-content-"));
  dns = await startKnot(DNS_HOST, [{ origin: DOMAIN, records: ["@", "www", "app"].map((h) => `${h} A ${WEB_HOST}`) }]);
  site = await startSite(WEB_HOST, [pki.leaf(HOSTS, 90)], (request, response, host, secure) => {
    const url = request.url ?? "/";
    if (!secure) return response.writeHead(301, { location: `https://${host}${url}` }).end();
    if (host === "www.leaky.test") return response.writeHead(301, { location: `https://leaky.test${url}` }).end();
    const send = (type: string, body: string | Buffer) => response.writeHead(200, { "content-type": type }).end(body);
    if (url === "/static/bundle.js") return send("text/javascript", BUNDLE);
    if (url === "/img/hero-uncompressed.png") return send("image/png", Buffer.alloc(HERO_BYTES, 1));
    if (url.startsWith("/img/")) return send("image/jpeg", Buffer.alloc(20 * 1024, 2));
    if (url === "/pricing") return send("text/html", PRICING);
    if (url === "/connexion") return send("text/html", LOGIN);
    if (url === "/.well-known/security.txt") return send("text/plain", "# our policy\nExpires: 2024-01-01T00:00:00Z\nPolicy: https://leaky.test/security\n");
    if (url === "/" || url.startsWith("/?")) return send("text/html", host === "app.leaky.test" ? "<!doctype html><h1>app</h1>" : HOME);
    response.writeHead(404, { "content-type": "text/html" }).end("not here");
  });
  // The plan declares the login uptime check on the French path; the audit reads the login page from it.
  const planFile = path.join(workDir, "plan.json");
  writeFileSync(
    planFile,
    JSON.stringify({
      project: "launch-ready",
      stack: "leaky",
      domain: DOMAIN,
      resources: [
        {
          urn: "urn:pulumi:leaky::launch-ready::launch-ready:monitoring:Monitoring$aws:route53/healthCheck:HealthCheck::launch-uptime-login",
          type: "aws:route53/healthCheck:HealthCheck",
          name: "launch-uptime-login",
          inputs: { type: "HTTPS", fqdn: "app.leaky.test", port: 443, resourcePath: "/connexion", enableSni: true },
        },
      ],
      outputs: {},
    }),
  );
  report = await runAudit(
    testOptions(DOMAIN, dns, {
      ca: caOption(pki.caFile),
      httpPort: site.httpPort,
      httpsPort: site.httpsPort,
      pages: ["/pricing"],
      plan: await loadPlan(planFile, DOMAIN),
    }),
  );
});

afterAll(async () => {
  await site?.stop();
  await dns?.stop();
  pki?.cleanup();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const verdict = (findings: Finding[], id: string) => [finding(findings, id).status, finding(findings, id).severity];

describe("mixed content", () => {
  it("fails plain-HTTP scripts, fonts and form targets on HTTPS pages (high), naming each and where it is", () => {
    const mixed = finding(report.findings, "http.mixed-content");
    expect([mixed.status, mixed.severity]).toEqual(["fail", "high"]);
    expect(mixed.summary).toContain(
      "1 form(s) on an HTTPS page send what is typed into them over plain HTTP (a password typed there travels unencrypted; browsers warn before sending): http://app.leaky.test/session (<form action> on https://app.leaky.test/connexion).",
    );
    expect(mixed.summary).toContain(
      "2 script(s), stylesheet(s), font(s) or frame(s) load over plain HTTP, which browsers block on an HTTPS page, so the page breaks: http://leaky.test/legacy/analytics.js (<script src> on https://leaky.test/); http://fonts.leaky.test/x.woff2 (@font-face src on https://leaky.test/).",
    );
    expect(mixed.summary).toContain("1 image(s) or media load over plain HTTP");
    expect(mixed.summary).toContain("http://leaky.test/img/team.jpg (<img> on https://leaky.test/)");
  });

  it("reads the login page the plan's uptime check watches, not a guessed /login", () => {
    expect(site.requests).toContain("https://app.leaky.test/connexion");
    expect(site.requests).not.toContain("https://app.leaky.test/login");
  });
});

describe("secrets in the site's scripts", () => {
  it("stops the launch for cloud and payment credentials and a private key, giving kind, file and position", () => {
    const secrets = finding(report.findings, "http.bundle-secrets");
    expect([secrets.status, secrets.severity]).toEqual(["fail", "launch-stopping"]);
    expect(secrets.summary).toBe(
      "Every visitor can read 4 credential(s) that grant access: " +
        "AWS access key ID in https://leaky.test/static/bundle.js at line 2, column 24; " +
        "AWS secret access key in https://leaky.test/static/bundle.js at line 2, column 46; " +
        "Stripe live secret key in https://leaky.test/static/bundle.js at line 3, column 15; " +
        "private key in https://leaky.test/static/bundle.js at line 4, column 16.",
    );
    expect(secrets.fix).toContain("Revoke and rotate the credential now");
  });

  it("never prints a secret, in the findings or the JSON", () => {
    const json = JSON.stringify(report);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
  });

  it("scans only the site's own scripts, each once", () => {
    expect(site.requests.filter((r) => r === "https://leaky.test/static/bundle.js")).toHaveLength(1);
    // The plain-HTTP script is blocked by browsers: it is reported as mixed content, not fetched.
    expect(site.requests).not.toContain("http://leaky.test/legacy/analytics.js");
  });
});

describe("page weight", () => {
  it("warns (medium) about a landing page over the budget, listing its largest items", () => {
    expect(verdict(report.findings, "perf.page-weight")).toEqual(["warn", "medium"]);
    expect(finding(report.findings, "perf.page-weight").summary).toMatch(
      /^https:\/\/leaky\.test\/pricing 2\.0 MiB in 3 item\(s\) is over the 1600 KiB budget; largest: https:\/\/leaky\.test\/img\/hero-uncompressed\.png 2\.0 MiB, https:\/\/leaky\.test\/static\/bundle\.js \d{3} B, https:\/\/leaky\.test\/pricing 94 B\.$/,
    );
  });

  it("counts the home page within the budget, srcset as one image, plain-HTTP items not at all", () => {
    expect(site.requests).toContain("https://leaky.test/img/small.jpg");
    expect(site.requests).not.toContain("https://leaky.test/img/big.jpg");
  });
});

describe("security.txt", () => {
  it("warns (low) about an expired file without a contact", () => {
    const txt = finding(report.findings, "http.security-txt");
    expect([txt.status, txt.severity]).toEqual(["warn", "low"]);
    expect(txt.summary).toBe(
      "https://leaky.test/.well-known/security.txt has no Contact field (RFC 9116 requires one). https://leaky.test/.well-known/security.txt expired on 2024-01-01: researchers treat its contacts as stale.",
    );
  });
});

describe("the options", () => {
  it("takes --page paths and URLs of the domain, and a page-weight budget", async () => {
    const parsed = await parseAuditArgs(["leaky.test", "--resolver", "127.0.0.1", "--page", "/pricing", "--page", "https://app.leaky.test/start", "--page-weight-budget-kb", "800"]);
    expect(parsed.help).toBe(false);
    if (parsed.help) return;
    expect(parsed.options.pages).toEqual(["/pricing", "https://app.leaky.test/start"]);
    expect(parsed.options.pageWeightBudgetKb).toBe(800);
  });

  it.each([
    [["--page", "https://elsewhere.example/"], '--page must be a path such as /pricing or an https:// URL of leaky.test or its subdomains; got "https://elsewhere.example/".'],
    [["--page", "pricing"], '--page must be a path such as /pricing or an https:// URL of leaky.test; got "pricing".'],
    [["--page-weight-budget-kb", "0"], '--page-weight-budget-kb must be a whole number from 1 to 1000000; got "0".'],
    [["--rdap-base", "ftp://rdap.example/"], '--rdap-base must be the base URL of an RDAP server, such as https://rdap.verisign.com/com/v1/; got "ftp://rdap.example/".'],
  ])("refuses %j", async (extra, message) => {
    const rejection = parseAuditArgs(["leaky.test", "--resolver", "127.0.0.1", ...extra]);
    await expect(rejection).rejects.toBeInstanceOf(UsageError);
    await expect(rejection).rejects.toThrow(message);
  });
});
