import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SENDER_IDS, SENDERS, senderByInclude } from "../../lib/senders";
import { buildSpf, countLookups, isSpfRecord, lookupArithmetic, parseSpf, planSpf, SPF_LOOKUP_LIMIT } from "../../lib/spf";

describe("buildSpf", () => {
  it.each([
    [[], "-all", "v=spf1 -all"],
    [["_spf.google.com"], "-all", "v=spf1 include:_spf.google.com -all"],
    [["_spf.google.com", "sendgrid.net"], "~all", "v=spf1 include:_spf.google.com include:sendgrid.net ~all"],
    [["SendGrid.net", "sendgrid.net"], "-all", "v=spf1 include:sendgrid.net -all"],
  ] as const)("builds %j with %s", (includes, all, expected) => {
    expect(buildSpf(includes, all)).toBe(expected);
  });

  it("always yields one strict record that parses, with each include once and no ptr", () => {
    const domain = fc.domain().map((d) => d.toLowerCase());
    fc.assert(
      fc.property(fc.array(domain, { maxLength: 12 }), fc.constantFrom("-all" as const, "~all" as const), (includes, all) => {
        const record = buildSpf(includes, all);
        const { terms, errors } = parseSpf(record);
        expect(errors).toEqual([]);
        expect(isSpfRecord(record)).toBe(true);
        expect(terms.at(-1)).toEqual({ kind: "mechanism", qualifier: all[0], name: "all" });
        expect(terms.filter((t) => t.name === "include").map((t) => t.value)).toEqual([...new Set(includes)]);
        expect(buildSpf(terms.flatMap((t) => (t.name === "include" && t.value ? [t.value] : [])), all)).toBe(record);
      }),
    );
  });
});

describe("planSpf and the lookup budget", () => {
  it("counts catalog senders at their known cost and unknown includes at 1, each domain once", () => {
    const plan = planSpf(["google-workspace", "mailgun"], ["spf.example-crm.com", "mailgun.org"]);
    expect(plan.includes).toEqual([
      { domain: "_spf.google.com", lookups: 1, sender: "google-workspace" },
      { domain: "mailgun.org", lookups: 5, sender: "mailgun" },
      { domain: "spf.example-crm.com", lookups: 1 },
    ]);
    expect(plan.total).toBe(7);
    expect(lookupArithmetic(plan)).toBe("_spf.google.com 1 + mailgun.org 5 + spf.example-crm.com 1 (at least) = 7 DNS lookups (limit 10)");
  });

  it("says 0 for no senders", () => {
    expect(lookupArithmetic(planSpf([], []))).toBe("0 = 0 DNS lookups (limit 10)");
  });

  it("keeps every catalog sender alone within the budget, and all of them together over it", () => {
    for (const id of SENDER_IDS) expect(planSpf([id], []).total).toBeLessThanOrEqual(SPF_LOOKUP_LIMIT);
    expect(planSpf(SENDER_IDS, []).total).toBe(14);
  });
});

describe("parseSpf and countLookups", () => {
  it("counts each querying term once plus the catalog's nested cost of includes", () => {
    const { terms, errors } = parseSpf("v=spf1 a mx ip4:192.0.2.0/24 include:mailgun.org include:spf.example.net exists:%{i}.x.example redirect=_spf.example.org");
    expect(errors).toEqual([]);
    expect(countLookups(terms)).toBe(1 + 1 + 5 + 1 + 1 + 1);
  });

  it("reports terms that are not SPF", () => {
    expect(parseSpf("v=spf1 include:x.example bogus:1 -all").errors).toEqual(['"bogus:1" is not an SPF mechanism']);
    expect(parseSpf("spf1 -all").errors).toEqual(['"spf1 -all" does not start with v=spf1']);
  });

  it("reads qualifiers", () => {
    expect(parseSpf("v=spf1 ?all").terms).toEqual([{ kind: "mechanism", qualifier: "?", name: "all" }]);
    expect(parseSpf("v=spf1 +all").terms).toEqual([{ kind: "mechanism", qualifier: "+", name: "all" }]);
  });
});

/**
 * The catalog's lookup costs against the sender records as public SPF analysers showed them (lib/senders.ts cites
 * each): the tree below each include, counted the RFC 7208 way. Address ranges are shortened to one; the include
 * structure is what the cost depends on. A catalog figure that drifts from its evidence fails.
 */
const PUBLISHED_TREES: Record<string, string> = {
  "_spf.google.com": "v=spf1 ip4:74.125.0.0/16 ip6:2001:4860:4000::/36 ~all",
  "spf.protection.outlook.com": "v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f403:8000::/51 -all",
  "spf.mtasv.net": "v=spf1 ip4:50.31.156.96/27 -all",
  "sendgrid.net": "v=spf1 ip4:167.89.0.0/17 ~all",
  "mailgun.org": "v=spf1 include:_spf.mailgun.org include:_spf.eu.mailgun.org -all",
  "_spf.mailgun.org": "v=spf1 include:_spf1.mailgun.org include:_spf2.mailgun.org ~all",
  "_spf1.mailgun.org": "v=spf1 ip4:209.61.151.0/24 ~all",
  "_spf2.mailgun.org": "v=spf1 ip4:166.78.68.0/22 ~all",
  "_spf.eu.mailgun.org": "v=spf1 ip4:141.193.32.0/23 ~all",
  "amazonses.com": "v=spf1 ip4:54.240.0.0/18 -all",
};

function treeCost(domain: string): number {
  const record = PUBLISHED_TREES[domain];
  if (record === undefined) throw new Error(`no published record for ${domain}`);
  return 1 + parseSpf(record).terms.filter((t) => t.name === "include").reduce((sum, t) => sum + treeCost(t.value ?? ""), 0);
}

describe("the sender catalog", () => {
  // Zoho's and MailerLite's costs are estimates (lib/senders.ts says so): no published record to check them against.
  it.each(SENDER_IDS.filter((id) => id !== "zoho" && id !== "mailerlite"))("%s costs what its published SPF tree costs", (id) => {
    expect(SENDERS[id].lookups).toBe(treeCost(SENDERS[id].spfInclude));
  });

  it("finds senders by include and cites a source for each", () => {
    for (const id of SENDER_IDS) {
      expect(senderByInclude(SENDERS[id].spfInclude.toUpperCase())).toBe(id);
      expect(SENDERS[id].source).toMatch(/https:\/\//);
    }
    expect(senderByInclude("spf.example.net")).toBeUndefined();
  });
});
