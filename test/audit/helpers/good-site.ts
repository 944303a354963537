// A launch-ready site on loopback (used by the good-site test and the audit benchmark): a signed zone with its
// DS in the parent and two name servers; SPF with an include and mx, DMARC reject, a 2048-bit DKIM key (s1),
// MX, MTA-STS in enforce mode and TLS-RPT; HTTPS with a valid chain for every host; HTTP→HTTPS and www→apex
// 301s that keep path and query; HSTS and security headers on every HTTPS response.
import type { AuditOptions } from "../../../cli/audit/context";
import { caOption, dkimRecord, testOptions } from "./audit";
import { startKnot, txt, type KnotServer } from "./knot";
import { makePki, type Pki } from "./pki";
import { startSite, type Site } from "./site";

export const GOOD_DOMAIN = "good.test";
export const GOOD_HOSTS = ["good.test", "www.good.test", "app.good.test", "api.good.test", "mta-sts.good.test"];
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
  const site = await startSite(webHost, [pki.leaf(GOOD_HOSTS, 90)], (request, response, host, secure) => {
    const url = request.url ?? "/";
    if (!secure) {
      response.writeHead(301, { location: `https://${host}${url}` }).end();
    } else if (host === "www.good.test") {
      response.writeHead(301, { location: `https://good.test${url}`, "strict-transport-security": HEADERS["strict-transport-security"] }).end();
    } else if (host === "mta-sts.good.test" && url === "/.well-known/mta-sts.txt") {
      response.writeHead(200, { "content-type": "text/plain", ...HEADERS }).end(POLICY);
    } else {
      response.writeHead(200, { "content-type": "text/html", ...HEADERS }).end("<h1>ok</h1>");
    }
  });
  const ca = caOption(pki.caFile);
  return {
    dns,
    pki,
    site,
    options: (extra = {}) => testOptions(GOOD_DOMAIN, dns, { ca, dkimSelectors: ["s1"], httpPort: site.httpPort, httpsPort: site.httpsPort, ...extra }),
    async stop() {
      await site.stop();
      await dns.stop();
      pki.cleanup();
    },
  };
}
