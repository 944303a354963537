import { describe, expect, it } from "vitest";
import { caaIssuer, CLOUDFLARE_CAS, edgeCaaRecords } from "../../lib/caa";

describe("edgeCaaRecords", () => {
  it("allows exactly Cloudflare's CAs for single and wildcard names, and reports to the iodef address", () => {
    expect(edgeCaaRecords("ops@example.com")).toEqual([
      { flags: 0, tag: "issue", value: "letsencrypt.org" },
      { flags: 0, tag: "issue", value: "pki.goog; cansignhttpexchanges=yes" },
      { flags: 0, tag: "issue", value: "ssl.com" },
      { flags: 0, tag: "issue", value: "sectigo.com" },
      { flags: 0, tag: "issuewild", value: "letsencrypt.org" },
      { flags: 0, tag: "issuewild", value: "pki.goog; cansignhttpexchanges=yes" },
      { flags: 0, tag: "issuewild", value: "ssl.com" },
      { flags: 0, tag: "issuewild", value: "sectigo.com" },
      { flags: 0, tag: "iodef", value: "mailto:ops@example.com" },
    ]);
    expect(CLOUDFLARE_CAS.map((ca) => ca.domain)).toEqual(["letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com"]);
  });
});

describe("caaIssuer", () => {
  it.each([
    ["letsencrypt.org", "letsencrypt.org"],
    ["pki.goog; cansignhttpexchanges=yes", "pki.goog"],
    [" SSL.com ", "ssl.com"],
    [";", ""],
  ])("reads the CA of %j as %j", (value, issuer) => {
    expect(caaIssuer(value)).toBe(issuer);
  });
});
