import { describe, expect, it } from "vitest";
import { caaRecordRole, hostRecordRole, legacyRedirectRef, ruleRef, zoneSettingRole } from "../../lib/names";

describe("resource roles", () => {
  it("names host records by label, keeping a host called apex apart from the apex", () => {
    expect(["@", "app", "www", "apex", "eu.app"].map(hostRecordRole)).toEqual(["apex", "host-app", "host-www", "host-apex", "host-eu.app"]);
  });

  it("names CAA records by tag and CA", () => {
    expect(caaRecordRole({ flags: 0, tag: "issue", value: "pki.goog; cansignhttpexchanges=yes" })).toBe("caa-issue-pki.goog");
    expect(caaRecordRole({ flags: 0, tag: "iodef", value: "mailto:a@b.c" })).toBe("caa-iodef");
  });

  it("names zone settings by id, HSTS by what it holds", () => {
    expect(["min_tls_version", "tls_1_3", "security_header"].map(zoneSettingRole)).toEqual(["min-tls-version", "tls-1-3", "hsts"]);
  });
});

describe("rule refs", () => {
  it("are lowercase words joined by underscores", () => {
    expect(ruleRef("Auth-and-API")).toBe("auth_and_api");
  });

  it("give every legacy source path its own stable ref", () => {
    expect(legacyRedirectRef("/old-page")).toMatch(/^legacy_old_page_[0-9a-f]{8}$/);
    expect(legacyRedirectRef("/old-page")).toBe(legacyRedirectRef("/old-page"));
    expect(legacyRedirectRef("/a-b")).not.toBe(legacyRedirectRef("/a_b"));
    expect(legacyRedirectRef("/")).toMatch(/^legacy_root_[0-9a-f]{8}$/);
  });
});
