import { beforeAll, describe, expect, it } from "vitest";
import { zoneAlwaysHttps } from "../../policies/rules/zone/zone-always-https";
import { zoneDnssecActive } from "../../policies/rules/zone/zone-dnssec-active";
import { zoneHsts } from "../../policies/rules/zone/zone-hsts";
import { zoneHstsOneYear } from "../../policies/rules/zone/zone-hsts-one-year";
import { zoneMinTls12 } from "../../policies/rules/zone/zone-min-tls-1-2";
import { zoneSettingsPresent } from "../../policies/rules/zone/zone-settings-present";
import { zoneSslStrict } from "../../policies/rules/zone/zone-ssl-strict";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import { check, fixture, prodConfig, runStack } from "../helpers/harness";
import { changed, setting, without } from "./edge-fixtures";

let template: PlannedResource[];
beforeAll(async () => {
  template = (await runStack()).ruleState();
});

const hsts = (fields: Record<string, unknown>) => (props: Record<string, unknown>) => ({
  ...props,
  value: { strict_transport_security: { enabled: true, max_age: 31_536_000, include_subdomains: true, preload: false, nosniff: true, ...fields } },
});

describe("zone setting rules on the template's own plan", () => {
  it("pass, with the enforcement the issue asks for", () => {
    for (const rule of [zoneSslStrict, zoneAlwaysHttps, zoneMinTls12, zoneHsts, zoneHstsOneYear, zoneDnssecActive]) {
      expect(check(rule, template), rule.name).toEqual([]);
    }
    expect([zoneSslStrict, zoneAlwaysHttps, zoneMinTls12, zoneHsts, zoneDnssecActive].map((r) => r.enforcementLevel)).toEqual(Array(5).fill("mandatory"));
    expect(zoneHstsOneYear.enforcementLevel).toBe("advisory");
  });
});

describe("zone-ssl-strict", () => {
  it("fires on Full (not strict) and on a zone without the setting", () => {
    const [full] = check(zoneSslStrict, changed(template, setting("ssl"), (p) => ({ ...p, value: "full" })));
    expect(full?.message).toBe(
      'The zone\'s SSL/TLS mode is "full": set ssl to "strict" (Full strict) so Cloudflare verifies the origin\'s certificate; give the origin a valid certificate (its platform\'s, or a Cloudflare Origin CA certificate) first.',
    );
    expect(full?.urn).toContain("launch-tls-ssl");
    expect(check(zoneSettingsPresent, without(template, setting("ssl")))[0]?.message).toMatch(/^The zone has no "ssl" setting/);
  });
});

describe("zone-always-https", () => {
  it("fires when Always Use HTTPS is off or missing", () => {
    expect(check(zoneAlwaysHttps, changed(template, setting("always_use_https"), (p) => ({ ...p, value: "off" })))[0]?.message).toBe(
      'Always Use HTTPS is "off": set always_use_https to "on" so every http:// request is redirected to https://.',
    );
    expect(check(zoneSettingsPresent, without(template, setting("always_use_https")))).toHaveLength(1);
  });
});

describe("zone-min-tls-1-2", () => {
  it("accepts 1.2 and 1.3, fires on 1.0, 1.1 and a number", () => {
    const at = (value: unknown) => check(zoneMinTls12, changed(template, setting("min_tls_version"), (p) => ({ ...p, value })));
    expect(at("1.3")).toEqual([]);
    expect(at("1.1")[0]?.message).toBe('The zone accepts TLS "1.1" and up: set min_tls_version to "1.2" (a string), so clients with deprecated TLS 1.0/1.1 are refused.');
    expect(at("1.0")).toHaveLength(1);
    expect(at(1.2)).toHaveLength(1);
    expect(check(zoneSettingsPresent, without(template, setting("min_tls_version")))[0]?.message).toMatch(/default of TLS 1\.0/);
  });
});

describe("zone-hsts", () => {
  const messagesAt = (fields: Record<string, unknown>) => zoneHsts.validate(changed(template, setting("security_header"), hsts(fields))).map((v) => v.message);

  it("fires under six months, passes from six months", () => {
    expect(messagesAt({ max_age: 15_000_000 })).toEqual(["HSTS max-age is 15000000 s, under six months (15768000 s): set hsts.maxAgeSeconds to 31536000 (one year), or, while ramping up on purpose, hsts.rampStage: true."]);
    expect(messagesAt({ max_age: 15_768_000 })).toEqual([]);
  });

  it("lets a declared ramp step through from five minutes, and still fires on an accidental short max-age", async () => {
    const ramp = (await runStack(prodConfig({ "launch-ready:hsts": { maxAgeSeconds: 300, rampStage: true } }))).ruleState();
    expect(zoneHsts.validate(ramp)).toEqual([]);
    expect(check(zoneHstsOneYear, ramp).map((v) => v.message)).toEqual([expect.stringMatching(/^HSTS max-age is 300 s, under one year/)]);
    const undeclared = ramp.map((r) => (r.type === "launch-ready:edge:Tls" ? { ...r, props: { ...r.props, hstsRampStage: false } } : r));
    expect(zoneHsts.validate(undeclared).map((v) => v.message)).toEqual([expect.stringMatching(/^HSTS max-age is 300 s, under six months/)]);
    const tooShort = changed(ramp, setting("security_header"), hsts({ max_age: 60 }));
    expect(zoneHsts.validate(tooShort).map((v) => v.message)).toEqual([expect.stringMatching(/^HSTS max-age is 60 s, under the ramp's first step of 300 s/)]);
  });

  it("fires on preload without includeSubDomains or without a year", () => {
    const message = "HSTS preload is set without includeSubDomains and a max-age of at least one year, which the preload list refuses: set hsts.includeSubdomains: true and hsts.maxAgeSeconds: 31536000, or drop preload.";
    expect(messagesAt({ preload: true, include_subdomains: false })).toEqual([message]);
    expect(messagesAt({ preload: true, max_age: 20_000_000 })).toEqual([message]);
    expect(messagesAt({ preload: true })).toEqual([]);
  });

  it("fires when HSTS is disabled, missing, or written with camelCase keys the API ignores", () => {
    expect(messagesAt({ enabled: false })).toEqual(["HSTS is not enabled: set strict_transport_security.enabled to true."]);
    expect(zoneHsts.validate(without(template, setting("security_header")))[0]?.message).toMatch(/^The zone has no security_header setting/);
    const camel = changed(template, setting("security_header"), (p) => ({ ...p, value: { strictTransportSecurity: { enabled: true, maxAge: 31_536_000 } } }));
    expect(zoneHsts.validate(camel)[0]?.message).toMatch(/camelCase keys \(strictTransportSecurity\), which the API ignores/);
    expect(messagesAt({ maxAge: 31_536_000 })[0]).toMatch(/camelCase keys \(maxAge\)/);
  });
});

describe("zone-hsts-one-year", () => {
  it("advises below a year, stays quiet from a year", () => {
    const at = (max_age: number) => check(zoneHstsOneYear, changed(template, setting("security_header"), hsts({ max_age }))).map((v) => v.message);
    expect(at(20_000_000)).toEqual(["HSTS max-age is 20000000 s, under one year: raise hsts.maxAgeSeconds step by step (five minutes, a week, a month) to 31536000 once HTTPS works on every subdomain, then remove hsts.rampStage."]);
    expect(at(31_536_000)).toEqual([]);
  });
});

describe("zone-dnssec-active", () => {
  const isDnssec = (r: PlannedResource) => r.type === TYPES.zoneDnssec;

  it("accepts active and pending (waiting for the registrar's DS), fires on disabled and on none", () => {
    expect(check(zoneDnssecActive, changed(template, isDnssec, (p) => ({ ...p, status: "pending" })))).toEqual([]);
    expect(check(zoneDnssecActive, changed(template, isDnssec, (p) => ({ ...p, status: "disabled" })))[0]?.message).toBe(
      'DNSSEC status is "disabled": set status to "active" and publish the DS record at the registrar.',
    );
    expect(check(zoneSettingsPresent, without(template, isDnssec))[0]?.message).toMatch(/^DNSSEC is not managed/);
    expect(check(zoneDnssecActive, [fixture(TYPES.zoneDnssec, { zoneId: "z" })])).toHaveLength(1);
  });
});
