import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { txtStrings } from "../../lib/zone-file";
import { PlanShapeError, plannedRecords, type PlannedRecord } from "../../model/planned-records";
import { TYPES } from "../../model/type-tokens";

// The one reader of a plan's DNS records, for the documents, the mail proof and the audit's --plan.
const DOMAIN = "example.com";
const record = (inputs: Record<string, unknown>, urn = "urn:pulumi:prod::p::cloudflare:index/dnsRecord:DnsRecord::r") => ({ urn, type: TYPES.dnsRecord, inputs });
const read = (inputs: Record<string, unknown>): PlannedRecord => {
  const [only] = plannedRecords({ domain: DOMAIN, resources: [record(inputs)] });
  if (only === undefined) throw new Error("no record read");
  return only;
};

describe("plannedRecords", () => {
  it.each([
    ["an FQDN with a final dot, upper case", { name: "WWW.Example.com.", type: "cname", content: "Site.Host.Example.net.", ttl: 300 }, { name: "www.example.com", type: "CNAME", content: "site.host.example.net", value: "site.host.example.net" }],
    ['"@" as the apex', { name: "@", type: "A", content: "192.0.2.1", ttl: 1, proxied: true }, { name: DOMAIN, type: "A", proxied: true, ttl: 1, value: "192.0.2.1" }],
    ["a name relative to the zone", { name: "app", type: "AAAA", content: "2001:DB8::1", ttl: 300 }, { name: "app.example.com", content: "2001:db8::1" }],
    ["TXT as quoted strings, joined", { name: "example.com", type: "TXT", content: '"v=spf1 " "-all"', ttl: 300 }, { content: "v=spf1 -all", value: "v=spf1 -all" }],
    ["MX with its priority", { name: "example.com", type: "MX", content: "mx.example.net.", priority: 10, ttl: 300 }, { priority: 10, content: "mx.example.net", value: "10 mx.example.net" }],
    ['the null MX, whose "." stays the root', { name: "example.com", type: "MX", content: ".", priority: 0, ttl: 300 }, { content: ".", value: "0 ." }],
    ["CAA from its data, the tag in lower case", { name: "example.com", type: "CAA", data: { flags: "0", tag: "ISSUE", value: "letsencrypt.org" }, ttl: 300 }, { content: "", caa: { flags: 0, tag: "issue", value: "letsencrypt.org" }, value: '0 issue "letsencrypt.org"' }],
    ["a TTL left out, which Cloudflare reads as automatic", { name: "example.com", type: "A", content: "192.0.2.1" }, { ttl: 1, proxied: false }],
  ])("reads %s", (_label, inputs, expected) => {
    expect(read(inputs)).toMatchObject({ ...expected, known: true });
  });

  it("marks a value the plan hides (a secret, or unknown on a first preview) as not known, so only presence counts", () => {
    expect(read({ name: "x.example.com", type: "TXT", content: "[secret]", ttl: 300 })).toMatchObject({ content: "[secret]", value: "[secret]", known: false });
    expect(read({ name: "x.example.com", type: "CNAME", content: "[unknown]", ttl: 300 })).toMatchObject({ value: "[unknown]", known: false });
  });

  it("reads only DnsRecords, in plan order", () => {
    const resources = [record({ name: "b.example.com", type: "A", content: "192.0.2.2", ttl: 1 }, "urn:b"), { urn: "urn:zone", type: TYPES.zone, inputs: { name: DOMAIN } }, record({ name: "a.example.com", type: "A", content: "192.0.2.1", ttl: 1 }, "urn:a")];
    expect(plannedRecords({ domain: DOMAIN, resources }).map((r) => r.urn)).toEqual(["urn:b", "urn:a"]);
  });

  it("says which resource has inputs it cannot read", () => {
    expect(() => plannedRecords({ domain: DOMAIN, resources: [record({ type: "A", content: "192.0.2.1" }, "urn:broken")] })).toThrow(PlanShapeError);
    expect(() => plannedRecords({ domain: DOMAIN, resources: [record({ type: "A", content: "192.0.2.1" }, "urn:broken")] })).toThrow(/^urn:broken has inputs the plan's readers cannot read: .*name/);
  });

  it("reads any TXT text back as written, however the program split it into strings", () => {
    fc.assert(
      // Text that is itself written as quoted strings is read as such (lib/zone-file's unquoter), so it is left out.
      fc.property(fc.string({ maxLength: 600 }).filter((t) => !t.trim().startsWith('"')), (text) => {
        const trimmed = text.trim();
        expect(read({ name: "t.example.com", type: "TXT", content: txtStrings(trimmed), ttl: 300 }).value).toBe(trimmed);
      }),
    );
  });
});
