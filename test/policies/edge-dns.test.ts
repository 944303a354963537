import { beforeAll, describe, expect, it } from "vitest";
import { caaAllowsEdgeCas } from "../../policies/rules/dns/caa-allows-edge-cas";
import { dnsAppApiProxied } from "../../policies/rules/dns/dns-app-api-proxied";
import { dnsCnameAlone } from "../../policies/rules/dns/dns-cname-alone";
import { zoneApex } from "../../model/edge";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import { fixture, prodConfig, runStack } from "../helpers/harness";
import { changed, named, without } from "./edge-fixtures";

let template: PlannedResource[];
beforeAll(async () => {
  template = (await runStack()).ruleState();
});

const record = (name: string, props: Record<string, unknown>) => fixture(TYPES.dnsRecord, { zoneId: "z", ttl: 1, ...props }, { name });

describe("DNS rules on the template's own plan", () => {
  it("pass; CAA and CNAME rules are mandatory, proxying app/api advisory", () => {
    for (const rule of [caaAllowsEdgeCas, dnsCnameAlone, dnsAppApiProxied]) expect(rule.validate(template), rule.name).toEqual([]);
    expect([caaAllowsEdgeCas.enforcementLevel, dnsCnameAlone.enforcementLevel, dnsAppApiProxied.enforcementLevel]).toEqual(["mandatory", "mandatory", "advisory"]);
  });
});

describe("caa-allows-edge-cas", () => {
  const isCaa = (r: PlannedResource) => r.type === TYPES.dnsRecord && r.props["type"] === "CAA";

  it("fires when the apex has no CAA at all", () => {
    expect(caaAllowsEdgeCas.validate(without(template, isCaa))[0]?.message).toBe(
      "brightpath-coaching.com has no CAA records, so any certificate authority may issue for it. Fix: publish issue and issuewild records for letsencrypt.org, pki.goog, ssl.com, sectigo.com (the Dns component does).",
    );
  });

  it("fires when an issue or issuewild set leaves out one of Cloudflare's CAs", () => {
    const noGoogle = without(template, named("launch-dns-caa-issue-pki.goog"));
    expect(caaAllowsEdgeCas.validate(noGoogle).map((v) => v.message)).toEqual([
      "The issue CAA records of brightpath-coaching.com do not allow pki.goog: Cloudflare issues edge certificates from it and renewal can fail. Fix: add issue records for pki.goog.",
    ]);
    const noWildSectigo = without(template, named("launch-dns-caa-issuewild-sectigo.com"));
    expect(caaAllowsEdgeCas.validate(noWildSectigo)[0]?.message).toMatch(/^The issuewild CAA records of brightpath-coaching\.com do not allow sectigo\.com/);
  });

  it("lets issue govern wildcards when no issuewild record exists (RFC 8659)", () => {
    expect(caaAllowsEdgeCas.validate(without(template, (r) => isCaa(r) && (r.props["data"] as { tag: string }).tag === "issuewild"))).toEqual([]);
  });
});

describe("dns-cname-alone", () => {
  it("fires on a CNAME sharing its name with another record, whoever created it", () => {
    const mixed = [...template, record("launch-email-verify", { name: "app.brightpath-coaching.com", type: "TXT", content: "verify=1" })];
    const [violation] = dnsCnameAlone.validate(mixed);
    expect(violation?.message).toBe(
      "app.brightpath-coaching.com has a CNAME and TXT record at the same name: a CNAME must be alone. Fix: give the host a different label, or use an A/AAAA record instead of the CNAME.",
    );
    expect(violation?.urn).toContain("launch-dns-host-app");
  });

  it("allows a flattened CNAME at the apex next to MX, TXT and CAA", async () => {
    const apexCname = template.filter((r) => r.type === TYPES.dnsRecord && r.props["name"] === "brightpath-coaching.com").map((r) => r.props["type"]);
    expect(apexCname).toEqual(expect.arrayContaining(["CNAME", "CAA", "TXT", "MX"]));
    expect(dnsCnameAlone.validate(template)).toEqual([]);
  });

  it("finds the apex of an adopted zone, which has no Zone resource, from the records", async () => {
    const adopted = (await runStack(prodConfig({ cloudflare: { accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e", existingZone: true } }))).ruleState();
    expect(adopted.some((r) => r.type === TYPES.zone)).toBe(false);
    expect(zoneApex(adopted)).toBe("brightpath-coaching.com");
    expect(dnsCnameAlone.validate(adopted)).toEqual([]);
  });
});

describe("dns-app-api-proxied", () => {
  it("advises proxying a DNS-only app or api host", () => {
    const dnsOnly = changed(template, named("launch-dns-host-api"), (p) => ({ ...p, proxied: false, ttl: 300 }));
    expect(dnsAppApiProxied.validate(dnsOnly).map((v) => v.message)).toEqual([
      "api.brightpath-coaching.com is DNS-only: its traffic skips the rate limits, WAF, cache rules and HSTS, and its origin address is public. Fix: set proxied: true on hosts.api unless the service cannot run behind a proxy.",
    ]);
  });
});
