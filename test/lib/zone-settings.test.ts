import { describe, expect, it } from "vitest";
import { edgeZoneSettings, hstsValue } from "../../lib/zone-settings";

describe("edgeZoneSettings", () => {
  it("sets strict TLS to the origin, HTTPS only, TLS 1.2+, HSTS and the speed settings every plan allows", () => {
    expect(edgeZoneSettings({ maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: false })).toEqual([
      { id: "ssl", value: "strict" },
      { id: "always_use_https", value: "on" },
      { id: "min_tls_version", value: "1.2" },
      { id: "tls_1_3", value: "on" },
      { id: "automatic_https_rewrites", value: "on" },
      { id: "security_header", value: { strict_transport_security: { enabled: true, max_age: 31_536_000, include_subdomains: true, preload: false, nosniff: true } } },
      { id: "http3", value: "on" },
      { id: "early_hints", value: "on" },
    ]);
  });
});

describe("hstsValue", () => {
  it("writes snake_case keys, which the API reads (camelCase is ignored: pulumi-cloudflare#1579)", () => {
    const value = hstsValue({ maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: true });
    expect(JSON.stringify(value)).toBe('{"strict_transport_security":{"enabled":true,"max_age":63072000,"include_subdomains":true,"preload":true,"nosniff":true}}');
  });
});
