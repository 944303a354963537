// Domain registration over RDAP, against an RDAP server on loopback (HTTPS, a certificate made here) that
// answers for a healthy, an expired, an about-to-expire-and-held, a soon-to-renew and an unregistered domain;
// the shipped IANA bootstrap data; and the script that refreshes it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registration } from "../../cli/audit/checks/registration";
import { AuditContext } from "../../cli/audit/context";
import { BOOTSTRAP_FILE, parseBootstrap, rdapBaseFor, shippedBootstrap } from "../../cli/audit/rdap";
import { checkBootstrap } from "../../cli/refresh-rdap-bootstrap";
import type { Finding } from "../../cli/audit/types";
import { caOption, finding, runScript, testOptions } from "./helpers/audit";
import { startKnot, type KnotServer } from "./helpers/knot";
import { makePki, type Pki } from "./helpers/pki";
import { rdapDomain, rdapPath } from "./helpers/rdap";
import { startSite, type Site } from "./helpers/site";

const DNS_HOST = "127.0.25.1";
const WEB_HOST = "127.0.25.2";
const LOCKS = ["client transfer prohibited", "client delete prohibited"];

const REGISTRY: Record<string, Record<string, unknown>> = {
  "healthy.test": rdapDomain({ name: "healthy.test", registrar: "Healthy Registrar", expiresInDays: 200, statuses: ["active", ...LOCKS], dsKeyTags: [4242] }),
  "expired.test": rdapDomain({ name: "expired.test", registrar: "Lapsed Registrar", expiresInDays: -3, statuses: ["active"] }),
  "held.test": rdapDomain({ name: "held.test", registrar: "Held Registrar", expiresInDays: 10, statuses: ["client hold", ...LOCKS], dsKeyTags: [7] }),
  "renew.test": rdapDomain({ name: "renew.test", registrar: "Renew Registrar", expiresInDays: 30, statuses: ["server transfer prohibited"] }),
};

let dns: KnotServer;
let pki: Pki;
let site: Site;

beforeAll(async () => {
  pki = makePki();
  dns = await startKnot(DNS_HOST, [{ origin: "registry.test", records: [`rdap A ${WEB_HOST}`] }]);
  site = await startSite(WEB_HOST, [pki.leaf(["rdap.registry.test"], 30)], (request, response) => {
    const domain = (request.url ?? "").replace(/^\/rdap\/domain\//, "");
    const record = REGISTRY[domain];
    // A registry redirects to its own server for some names; the audit follows it.
    if (domain === "moved.test") return response.writeHead(301, { location: rdapPath("healthy.test") }).end();
    if (!record) return response.writeHead(404, { "content-type": "application/rdap+json" }).end('{"errorCode":404}');
    response.writeHead(200, { "content-type": "application/rdap+json" }).end(JSON.stringify(record));
  });
});

afterAll(async () => {
  await site?.stop();
  await dns?.stop();
  pki?.cleanup();
});

async function check(domain: string, rdap = true): Promise<Finding[]> {
  const options = testOptions(domain, dns, { ca: caOption(pki.caFile), httpsPort: site.httpsPort, ...(rdap ? { rdapBase: new URL("https://rdap.registry.test/rdap/") } : {}) });
  return registration(new AuditContext(options, new AbortController().signal)).run();
}

const verdicts = (findings: Finding[]) => findings.map((f) => [f.id, f.status, f.severity]);

describe("domain registration over RDAP", () => {
  it("passes a registered, locked, signed domain, naming the registrar and the expiry date", async () => {
    const findings = await check("healthy.test");
    expect(verdicts(findings)).toEqual([
      ["dns.registration", "pass", "launch-stopping"],
      ["dns.registration.locks", "pass", "medium"],
      ["dns.registration.ds", "pass", "medium"],
    ]);
    expect(finding(findings, "dns.registration").summary).toMatch(/^healthy\.test is registered at Healthy Registrar \(IANA ID 9999\) until \d{4}-\d\d-\d\d \((199|200) days\), per its registry \(https:\/\/rdap\.registry\.test\)\.$/);
    expect(finding(findings, "dns.registration.ds").summary).toBe("The registry publishes a DS record for healthy.test (key tag 4242): DNSSEC is in effect.");
  });

  it("stops the launch for an expired registration, and warns of no locks and no DS", async () => {
    const findings = await check("expired.test");
    expect(verdicts(findings)).toEqual([
      ["dns.registration", "fail", "launch-stopping"],
      ["dns.registration.locks", "warn", "medium"],
      ["dns.registration.ds", "warn", "medium"],
    ]);
    expect(finding(findings, "dns.registration").summary).toMatch(/^The registration of expired\.test at Lapsed Registrar \(IANA ID 9999\) expired on \d{4}-\d\d-\d\d/);
    expect(finding(findings, "dns.registration.locks").summary).toContain("has no transfer lock");
    expect(finding(findings, "dns.registration.ds").summary).toBe("The registry publishes no DS record for expired.test: whatever the zone signs, validating resolvers do not check it.");
  });

  it("stops the launch for a domain on hold that expires within 14 days", async () => {
    const findings = await check("held.test");
    const expiry = finding(findings, "dns.registration");
    expect([expiry.status, expiry.severity]).toEqual(["fail", "launch-stopping"]);
    expect(expiry.summary).toContain('held.test: the registrar has put it on hold, so it is not published in DNS (RDAP status "client hold").');
    expect(expiry.summary).toMatch(/expires on \d{4}-\d\d-\d\d, in (9|10) day\(s\)\./);
    expect(finding(findings, "dns.registration.locks").status).toBe("pass");
  });

  it("warns (medium) when the registration ends within 45 days; a registry lock counts as a transfer lock", async () => {
    const findings = await check("renew.test");
    expect(verdicts(findings)).toEqual([
      ["dns.registration", "warn", "medium"],
      ["dns.registration.locks", "warn", "low"],
      ["dns.registration.ds", "warn", "medium"],
    ]);
    expect(finding(findings, "dns.registration.locks").summary).toBe("renew.test has no delete lock (clientDeleteProhibited).");
  });

  it("follows the registry's redirect", async () => {
    expect(finding(await check("moved.test"), "dns.registration").summary).toContain("moved.test is registered at Healthy Registrar");
  });

  it("stops the launch for a domain the registry does not know", async () => {
    const findings = await check("gone.test");
    expect(verdicts(findings)).toEqual([["dns.registration", "fail", "launch-stopping"]]);
    expect(findings[0]!.summary).toMatch(/^The registry's RDAP server \(https:\/\/rdap\.registry\.test\) has no registration for gone\.test/);
  });

  it("says it could not check a TLD the bootstrap registry has no RDAP server for (info, never a pass)", async () => {
    const findings = await check("nowhere.test", false);
    expect(verdicts(findings)).toEqual([["dns.registration", "warn", "info"]]);
    expect(findings[0]!.summary).toContain("IANA's RDAP bootstrap registry (published 2024-04-24) names no RDAP server for the registry of nowhere.test");
  });

  it("asks the registrable domain's registry, not a subdomain's", async () => {
    expect(finding(await check("www.healthy.test"), "dns.registration").summary).toContain("healthy.test is registered");
  });
});

describe("the shipped bootstrap registry (IANA's dns.json)", () => {
  const bootstrap = shippedBootstrap();

  it("is IANA's file of 2024-04-24, with its source recorded", () => {
    expect(bootstrap.publication).toBe("2024-04-24T18:00:02Z");
    const source = JSON.parse(readFileSync(path.join(path.dirname(BOOTSTRAP_FILE), "source.json"), "utf8"));
    expect(source).toMatchObject({ url: "https://data.iana.org/rdap/dns.json", publication: bootstrap.publication });
    expect(checkBootstrap(readFileSync(BOOTSTRAP_FILE, "utf8"))).toBe(bootstrap.publication);
  });

  it.each([
    ["example.com", "https://rdap.verisign.com/com/v1/"],
    ["coach.app", "https://www.registry.google/rdap/"],
    ["shop.example.com", "https://rdap.verisign.com/com/v1/"],
  ])("finds the registry of %s by its longest listed suffix", (domain, base) => {
    expect(rdapBaseFor(domain, bootstrap)?.href).toBe(base);
  });

  it("prefers HTTPS, adds the trailing slash, and matches the longest label sequence (RFC 9224)", () => {
    const custom = parseBootstrap({
      publication: "2026-01-01T00:00:00Z",
      services: [
        [["uk"], ["http://rdap.example.uk", "https://rdap.example.uk/uk"]],
        [["co.uk"], ["https://rdap.example.uk/couk/"]],
      ],
    });
    expect(rdapBaseFor("shop.org.uk", custom)?.href).toBe("https://rdap.example.uk/uk/");
    expect(rdapBaseFor("shop.co.uk", custom)?.href).toBe("https://rdap.example.uk/couk/");
    expect(rdapBaseFor("shop.test", custom)).toBeUndefined();
  });
});

describe("npm run refresh:rdap", () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "rdap-refresh-"));
    const iana = readFileSync(BOOTSTRAP_FILE, "utf8").replace("2024-04-24T18:00:02Z", "2026-11-30T18:00:01Z");
    server = http.createServer((request, response) => {
      if (request.url === "/rdap/dns.json") response.writeHead(200, { "content-type": "application/json" }).end(iana);
      else response.writeHead(200, { "content-type": "application/json" }).end('{"publication":"x","services":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.25.3", () => resolve()));
    base = `http://127.0.25.3:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const refresh = (from: string, out: string) => runScript("cli/refresh-rdap-bootstrap.ts", ["--from", from, "--out", out]);

  it("writes the new file and where and when it came from", async () => {
    const out = path.join(dir, "dns.json");
    const result = await refresh(`${base}/rdap/dns.json`, out);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(shippedBootstrap().publication).toBe("2024-04-24T18:00:02Z"); // the shipped copy is untouched
    expect(parseBootstrap(JSON.parse(readFileSync(out, "utf8"))).publication).toBe("2026-11-30T18:00:01Z");
    expect(JSON.parse(readFileSync(path.join(dir, "source.json"), "utf8"))).toMatchObject({ url: `${base}/rdap/dns.json`, publication: "2026-11-30T18:00:01Z" });
  });

  it("refuses a file that is not a full bootstrap registry, and changes nothing", async () => {
    const out = path.join(dir, "kept.json");
    writeFileSync(out, "kept");
    const result = await refresh(`${base}/empty.json`, out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("only 0 TLDs listed (IANA lists hundreds); the shipped file is unchanged.");
    expect(readFileSync(out, "utf8")).toBe("kept");
  });
});
