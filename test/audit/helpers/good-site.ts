// A launch-ready site on loopback (used by the good-site test and the audit benchmark): a signed zone with its
// DS in the parent and two name servers; SPF with an include and mx, DMARC reject, a 2048-bit DKIM key (s1),
// MX, MTA-STS in enforce mode and TLS-RPT; HTTPS with a valid chain for every host; HTTP→HTTPS and www→apex
// 301s that keep path and query; HSTS and security headers on every HTTPS response. Its pages load only HTTPS
// assets of its own (a stylesheet with a web font, a script, an image; text gzipped), app. has a login page, the
// site publishes security.txt, and its registry's RDAP server (rdap.good.test) shows a locked, signed,
// long-registered domain.
import { gzipSync } from "node:zlib";
import type { AuditOptions } from "../../../cli/audit/context";
import { caOption, dkimRecord, testOptions } from "./audit";
import { startKnot, txt, type KnotServer } from "./knot";
import { makePki, type Pki } from "./pki";
import { rdapDomain, rdapPath } from "./rdap";
import { startSite, type Site } from "./site";

export const GOOD_DOMAIN = "good.test";
export const GOOD_HOSTS = ["good.test", "www.good.test", "app.good.test", "api.good.test", "mta-sts.good.test", "rdap.good.test"];
/** The pages and assets of the site (same on every host), in bytes before compression. */
const PAGE = [
  "<!doctype html><html><head><title>Good</title>",
  '<link rel="stylesheet" href="/assets/app.css"><link rel="preconnect" href="https://fonts.example">',
  '<script src="/assets/app.js" defer></script></head>',
  '<body><h1>ok</h1><img src="/assets/hero.webp" alt=""><a href="http://elsewhere.example/">a plain-HTTP link is not content</a></body></html>',
].join("");
const LOGIN = '<!doctype html><html><body><form method="post" action="/session"><input name="password" type="password"></form></body></html>';
const ASSETS: Record<string, { type: string; body: Buffer }> = {
  "/assets/app.css": { type: "text/css", body: Buffer.from('@font-face{font-family:Brand;src:url("/assets/brand.woff2") format("woff2")}body{font-family:Brand}') },
  "/assets/app.js": { type: "text/javascript", body: Buffer.from(`const publishable="pk_live_${"x".repeat(24)}";console.log(publishable);`.repeat(40)) },
  "/assets/hero.webp": { type: "image/webp", body: Buffer.alloc(120 * 1024, 7) },
  "/assets/brand.woff2": { type: "font/woff2", body: Buffer.alloc(30 * 1024, 3) },
};
const DAY_MS = 86_400_000;
const POLICY = "version: STSv1\nmode: enforce\nmx: mx.good.test\nmax_age: 604800\n";
const HEADERS = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
  "referrer-policy": "strict-origin-when-cross-origin",
};

export interface GoodSite {
  dns: KnotServer;
  pki: Pki;
  site: Site;
  /** Audit options for this site (DKIM selector s1 given), resolver and overrides in `extra`. */
  options(extra?: Partial<AuditOptions>): AuditOptions;
  stop(): Promise<void>;
}

export async function startGoodSite(dnsHost: string, webHost: string): Promise<GoodSite> {
  const pki = makePki();
  const dns = await startKnot(dnsHost, [
    {
      origin: GOOD_DOMAIN,
      signed: true,
      records: [
        `@ A ${webHost}`,
        `www A ${webHost}`,
        `app A ${webHost}`,
        `api A ${webHost}`,
        `mta-sts A ${webHost}`,
        "@ MX 10 mx.good.test.",
        "mx A 127.0.0.25",
        `rdap A ${webHost}`,
        `@ TXT ${txt("v=spf1 include:_spf.good.test mx ~all")}`,
        `_spf TXT ${txt("v=spf1 ip4:198.51.100.0/24 -all")}`,
        `_dmarc TXT ${txt("v=DMARC1; p=reject; rua=mailto:dmarc@good.test")}`,
        `s1._domainkey TXT ${txt(dkimRecord(2048))}`,
        '@ CAA 0 issue "letsencrypt.org"',
        `_mta-sts TXT ${txt("v=STSv1; id=20260101T000000")}`,
        `_smtp._tls TXT ${txt("v=TLSRPTv1; rua=mailto:tls@good.test")}`,
      ],
    },
  ]);
  const keyTag = Number(dns.ds.get(GOOD_DOMAIN)![0]!.split(" ")[2]);
  const registration = rdapDomain({
    name: GOOD_DOMAIN,
    registrar: "Good Registrar, Inc.",
    expiresInDays: 300,
    statuses: ["client delete prohibited", "client transfer prohibited", "client update prohibited"],
    dsKeyTags: [keyTag],
  });
  const securityTxt = `Contact: mailto:security@good.test\nExpires: ${new Date(Date.now() + 180 * DAY_MS).toISOString()}\n`;
  const site = await startSite(webHost, [pki.leaf(GOOD_HOSTS, 90)], (request, response, host, secure) => {
    const url = request.url ?? "/";
    const gzip = /gzip/.test(String(request.headers["accept-encoding"] ?? ""));
    const text = (type: string, body: string | Buffer) =>
      response.writeHead(200, { "content-type": type, ...HEADERS, ...(gzip ? { "content-encoding": "gzip" } : {}) }).end(gzip ? gzipSync(body) : body);
    if (host === "rdap.good.test") {
      if (url === rdapPath(GOOD_DOMAIN)) response.writeHead(200, { "content-type": "application/rdap+json" }).end(JSON.stringify(registration));
      else response.writeHead(404).end();
    } else if (!secure) {
      response.writeHead(301, { location: `https://${host}${url}` }).end();
    } else if (host === "www.good.test") {
      response.writeHead(301, { location: `https://good.test${url}`, "strict-transport-security": HEADERS["strict-transport-security"] }).end();
    } else if (host === "mta-sts.good.test" && url === "/.well-known/mta-sts.txt") {
      response.writeHead(200, { "content-type": "text/plain", ...HEADERS }).end(POLICY);
    } else if (url === "/.well-known/security.txt") {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8", ...HEADERS }).end(securityTxt);
    } else if (url in ASSETS) {
      const asset = ASSETS[url]!;
      if (asset.type.startsWith("text/")) text(asset.type, asset.body);
      else response.writeHead(200, { "content-type": asset.type, ...HEADERS }).end(asset.body);
    } else if (url === "/login") {
      text("text/html", LOGIN);
    } else {
      text("text/html", PAGE);
    }
  });
  const ca = caOption(pki.caFile);
  return {
    dns,
    pki,
    site,
    options: (extra = {}) =>
      testOptions(GOOD_DOMAIN, dns, { ca, dkimSelectors: ["s1"], httpPort: site.httpPort, httpsPort: site.httpsPort, rdapBase: new URL("https://rdap.good.test/rdap/"), ...extra }),
    async stop() {
      await site.stop();
      await dns.stop();
      pki.cleanup();
    },
  };
}
