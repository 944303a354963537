import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDmarc, externalAuthorizations, isDmarcRecord, mailtoUri, parseDmarc, reportAddress, reportAddresses, tagList } from "../../lib/dmarc";

describe("buildDmarc", () => {
  it.each([
    [{ policy: "none", rua: ["d@example.com"], testing: false }, "v=DMARC1; p=none; rua=mailto:d@example.com; adkim=r; aspf=r"],
    [{ policy: "quarantine", rua: ["a@example.com", "b@reports.example.net"], testing: true }, "v=DMARC1; p=quarantine; t=y; rua=mailto:a@example.com,mailto:b@reports.example.net; adkim=r; aspf=r"],
    [{ policy: "reject", rua: [], testing: false }, "v=DMARC1; p=reject; adkim=r; aspf=r"],
  ] as const)("builds %j", (input, expected) => {
    expect(buildDmarc(input)).toBe(expected);
    expect(parseDmarc(expected).errors).toEqual([]);
  });

  it("never writes pct, keeps v then p first, and round-trips every report address", () => {
    const local = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}$/);
    const address = fc.tuple(local, fc.domain()).map(([l, d]) => `${l}@${d.toLowerCase()}`);
    fc.assert(
      fc.property(fc.constantFrom("none" as const, "quarantine" as const, "reject" as const), fc.array(address, { maxLength: 4 }), fc.boolean(), (policy, rua, testing) => {
        const record = buildDmarc({ policy, rua, testing });
        const { tags, errors } = parseDmarc(record);
        expect(errors).toEqual([]);
        expect(record.startsWith(`v=DMARC1; p=${policy};`)).toBe(true);
        expect(tags["pct"]).toBeUndefined();
        expect(tags["t"]).toBe(testing ? "y" : undefined);
        expect(reportAddresses(tags)).toEqual(rua);
        expect(record).toMatch(/^[\x20-\x7e]+$/);
      }),
    );
  });
});

describe("mailto URIs", () => {
  it("percent-encodes the characters that would split or end the tag", () => {
    expect(mailtoUri("a,b!c;d%e@example.com")).toBe("mailto:a%2Cb%21c%3Bd%25e@example.com");
    expect(reportAddress("mailto:a%2Cb%21c%3Bd%25e@example.com")).toBe("a,b!c;d%e@example.com");
    expect(reportAddress("mailto:d@example.com!10m")).toBe("d@example.com");
    expect(reportAddress("https://example.com/report")).toBeUndefined();
    expect(reportAddress("mailto:d@bücher.de")).toBeUndefined();
  });
});

describe("parseDmarc", () => {
  it.each([
    ["v=DMARC1; rua=mailto:d@example.com; p=none", ["p must come right after v=DMARC1 (RFC 7489 receivers require it)"]],
    ["v=DMARC1; p=maybe", ["p=maybe is not none, quarantine or reject"]],
    ["v=DMARC1", ["p is missing"]],
    ["v=DMARC1; p=reject; pct=50", ["pct is historic in RFC 9989: use t=y while testing instead"]],
    ["v=DMARC1; p=none; rua=reports@example.com", ['rua entry "reports@example.com" is not a mailto: address']],
    ["v=DMARC1; p=none; aspf=x; adkim=s", ["aspf=x is not r or s"]],
    ["v=DMARC1; p=none; p=reject", ["tag p appears twice"]],
  ])("finds what is wrong with %s", (record, errors) => {
    expect(parseDmarc(record).errors).toEqual(errors);
  });

  it("recognises DMARC records and splits tag lists", () => {
    expect(isDmarcRecord("v=DMARC1; p=none")).toBe(true);
    expect(isDmarcRecord("v=spf1 -all")).toBe(false);
    expect(tagList("v=TLSRPTv1; rua=mailto:a@example.com")).toEqual([
      { name: "v", value: "TLSRPTv1" },
      { name: "rua", value: "mailto:a@example.com" },
    ]);
  });
});

describe("externalAuthorizations", () => {
  it("lists each outside receiver once with the record it must publish; the domain and its subdomains need none", () => {
    expect(externalAuthorizations("example.com", ["a@example.com", "b@dmarc.example.com", "c@reports.example.net", "d@reports.example.net", "e@example.org"])).toEqual([
      { address: "c@reports.example.net", name: "example.com._report._dmarc.reports.example.net", value: "v=DMARC1" },
      { address: "e@example.org", name: "example.com._report._dmarc.example.org", value: "v=DMARC1" },
    ]);
  });
});
