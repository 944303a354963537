// The DKIM selectors the audit tries without --dkim-selector or --plan come from the sender catalog.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG_DKIM_SELECTORS, COMMON_DKIM_SELECTORS, fixedSelectors } from "../../cli/audit/checks/mail";
import { SENDER_IDS, SENDERS, type Sender } from "../../lib/senders";

describe("fixedSelectors", () => {
  it.each([
    [/^google$/, ["google"]],
    [/^selector[12]$/, ["selector1", "selector2"]],
    [/^s[12]$/, ["s1", "s2"]],
    [/^k[123]-x$/, ["k1-x", "k2-x", "k3-x"]],
    [/^mail\.key$/, ["mail.key"]],
    [/^RESEND$/i, ["resend"]],
    // Open patterns: the account picks the name.
    [/^\d{14}pm$/, undefined],
    [/^s\d$/, undefined],
    [/^sel.$/, undefined],
    [/^(a|b)$/, undefined],
    [/^[^x]$/, undefined],
    [/google/, undefined],
    [/^google/, undefined],
    [/^$/, undefined],
    // More names than a fixed set holds.
    [/^[0123456789][0123456789]$/, undefined],
    [/^s[121]$/, ["s1", "s2"]],
  ] as Array<[RegExp, string[] | undefined]>)("%s", (pattern, names) => {
    expect(fixedSelectors(pattern)).toEqual(names);
  });

  it("names only what the pattern matches, and a literal name stands for itself", () => {
    const label = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(label, fc.array(fc.constantFrom(..."0123456789"), { minLength: 1, maxLength: 4 }), (name, digits) => {
        expect(fixedSelectors(new RegExp(`^${name}$`))).toEqual([name]);
        const pattern = new RegExp(`^${name}[${digits.join("")}]$`);
        const names = fixedSelectors(pattern)!;
        expect(names).toEqual([...new Set(digits)].map((d) => name + d));
        for (const n of names) expect(pattern.test(n), n).toBe(true);
      }),
    );
  });
});

describe("the selectors tried by default", () => {
  it("include every fixed selector of every catalog sender", () => {
    for (const id of SENDER_IDS) {
      const pattern = (SENDERS[id] as Sender).dkimSelector;
      const names = pattern === undefined ? undefined : fixedSelectors(pattern);
      for (const name of names ?? []) expect(COMMON_DKIM_SELECTORS, `${id}: ${name}`).toContain(name);
    }
    // The catalog's senders with fixed selectors today (Postmark's are per account, so not among them).
    expect(CATALOG_DKIM_SELECTORS).toEqual(expect.arrayContaining(["google", "selector1", "selector2", "s1", "s2", "resend", "litesrv"]));
    expect(CATALOG_DKIM_SELECTORS.some((name) => /pm$/.test(name))).toBe(false);
  });

  it("are each tried once", () => {
    expect(new Set(COMMON_DKIM_SELECTORS).size).toBe(COMMON_DKIM_SELECTORS.length);
  });
});
