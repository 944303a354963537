import { beforeAll, describe, expect, it } from "vitest";
import { dnsDmarcPolicyEnforced } from "../../policies/rules/mail/dns-dmarc-policy-enforced";
import { dnsDmarcMonitoringHasReports } from "../../policies/rules/mail/dns-dmarc-monitoring-has-reports";
import { dnsDmarcValid } from "../../policies/rules/mail/dns-dmarc-valid";
import { mailAddressesCanReceive } from "../../policies/rules/mail/mail-addresses-can-receive";
import { mailDkimForEverySender } from "../../policies/rules/mail/mail-dkim-for-every-sender";
import { mailDkimPending } from "../../policies/rules/mail/mail-dkim-pending";
import { unquoteTxt } from "../../lib/zone-file";
import { mailMtaStsWhenInbound } from "../../policies/rules/mail/mail-mta-sts-when-inbound";
import { sesMailFromAligned } from "../../policies/rules/mail/ses-mail-from-aligned";
import { dnsSpfLookupBudget } from "../../policies/rules/mail/dns-spf-lookup-budget";
import { dnsSpfSingleStrict } from "../../policies/rules/mail/dns-spf-single-strict";
import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";
import type { Rule, StackRule } from "../../policies/rules/types";
import { check, fixture, runStack } from "../helpers/harness";
import { prodZoneActive } from "../helpers/plan-file";

// Each mail rule against the template's own plan (must pass) and against that plan with one thing broken (must fire).
const D = "brightpath-coaching.com";
let state: PlannedResource[];
let inputs: PlannedResource[];

beforeAll(async () => {
  // Once the zone is active, so the MTA-STS policy host is planned too.
  const stack = await runStack(prodZoneActive());
  state = stack.ruleState();
  inputs = stack.ruleInputs();
});

const isRecord = (r: PlannedResource, name: string, type: string, content?: RegExp) =>
  r.type === TYPES.dnsRecord && r.props["name"] === name && r.props["type"] === type && (content === undefined || content.test(String(r.props["content"])));

/** The plan with the records matching `match` changed (or removed when change returns undefined). */
function edit(match: (r: PlannedResource) => boolean, change: (props: Record<string, unknown>) => Record<string, unknown> | undefined): PlannedResource[] {
  let hits = 0;
  const out = state.flatMap((r) => {
    if (!match(r)) return [r];
    hits++;
    const props = change({ ...r.props });
    return props === undefined ? [] : [{ ...r, props }];
  });
  if (hits === 0) throw new Error("the edit matched nothing");
  return out;
}
const txt = (name: string, content: string, id = name) => fixture(TYPES.dnsRecord, { name, type: "TXT", content, ttl: 3600 }, { name: id });
const messages = (rule: Rule, resources: PlannedResource[]) => check(rule, resources).map((v) => v.message);
const apexSpf = (r: PlannedResource) => isRecord(r, D, "TXT", /^v=spf1/);
const dmarc = (r: PlannedResource) => isRecord(r, `_dmarc.${D}`, "TXT");

describe("the template's plan passes every mail rule", () => {
  it.each([dnsSpfSingleStrict, dnsSpfLookupBudget, dnsDmarcValid, mailDkimForEverySender, sesMailFromAligned, mailAddressesCanReceive, mailMtaStsWhenInbound])("$name", (rule) => {
    expect(check(rule, state)).toEqual([]);
  });
  it.each([dnsDmarcMonitoringHasReports, dnsDmarcPolicyEnforced])("$name", (rule) => {
    for (const r of inputs.filter((x) => rule.resourceTypes.includes(x.type))) expect(rule.validate(r)).toEqual([]);
  });
});

describe("dns-spf-single-strict", () => {
  it("is mandatory", () => expect(dnsSpfSingleStrict.enforcementLevel).toBe("mandatory"));
  it("fires on a second SPF record at the same name", () => {
    expect(messages(dnsSpfSingleStrict, [...state, txt(D, "v=spf1 include:sendgrid.net -all", "extra")])).toEqual([
      `${D} has 2 SPF records; receivers treat that as a permerror (RFC 7208 §3.2). Merge them into one v=spf1 record.`,
    ]);
  });
  it.each([
    ["v=spf1 include:_spf.google.com +all", "ends in +all"],
    ["v=spf1 include:_spf.google.com ?all", "ends in ?all"],
    ["v=spf1 include:_spf.google.com", "has no all term"],
    ["v=spf1 ptr -all", "uses ptr"],
    ["v=spf1 includ:_spf.google.com -all", "is not an SPF mechanism"],
  ])("fires on %s", (content, says) => {
    expect(messages(dnsSpfSingleStrict, edit(apexSpf, (p) => ({ ...p, content }))).join("\n")).toContain(says);
  });
  it("reads quoted TXT content as resolvers do", () => {
    expect(unquoteTxt('"v=spf1 include:a.example " "-all"')).toBe("v=spf1 include:a.example -all");
    expect(messages(dnsSpfSingleStrict, edit(apexSpf, (p) => ({ ...p, content: '"v=spf1 include:_spf.google.com -all"' })))).toEqual([]);
  });
});

describe("dns-spf-lookup-budget", () => {
  it("is mandatory and fires past 10 lookups, nested catalog costs counted", () => {
    expect(dnsSpfLookupBudget.enforcementLevel).toBe("mandatory");
    const content = "v=spf1 include:mailgun.org include:zohomail.com a mx include:a.example include:b.example -all"; // 5 + 2 + 1 + 1 + 1 + 1 = 11
    expect(messages(dnsSpfLookupBudget, edit(apexSpf, (p) => ({ ...p, content })))).toEqual([
      `SPF of ${D} costs 11 DNS lookups, more than the 10 RFC 7208 §4.6.4 allows: drop a sender or move one to a subdomain with its own SPF.`,
    ]);
  });
});

describe("dns-dmarc-valid", () => {
  it("is mandatory and fires when no DMARC covers a sending name", () => {
    expect(dnsDmarcValid.enforcementLevel).toBe("mandatory");
    const found = messages(dnsDmarcValid, edit(dmarc, () => undefined));
    expect(found).toContain(`${D} sends or receives mail but no DMARC record covers it: publish TXT _dmarc.<domain> "v=DMARC1; p=none; rua=mailto:..." (email.dmarc).`);
    expect(found).toContain(`mail.${D} sends or receives mail but no DMARC record covers it: publish TXT _dmarc.<domain> "v=DMARC1; p=none; rua=mailto:..." (email.dmarc).`);
  });
  it("fires on an invalid record and on two records", () => {
    expect(messages(dnsDmarcValid, edit(dmarc, (p) => ({ ...p, content: "v=DMARC1; p=quarantine; pct=20" })))).toEqual([
      `DMARC at _dmarc.${D}: pct is historic in RFC 9989: use t=y while testing instead. Build it with lib/dmarc.ts buildDmarc or correct the tag.`,
    ]);
    expect(messages(dnsDmarcValid, [...state, txt(`_dmarc.${D}`, "v=DMARC1; p=reject", "second")])).toEqual([`_dmarc.${D} has more than one DMARC record, so receivers ignore them all: keep one.`]);
  });
});

describe("dns-dmarc-monitoring-has-reports", () => {
  it("is mandatory and fires on p=none or t=y without rua", () => {
    expect(dnsDmarcMonitoringHasReports.enforcementLevel).toBe("mandatory");
    expect(dnsDmarcMonitoringHasReports.validate(txt(`_dmarc.${D}`, "v=DMARC1; p=none"))).toEqual([`DMARC at _dmarc.${D} monitors (p=none) but sends reports nowhere: add an address to email.dmarc.rua.`]);
    expect(dnsDmarcMonitoringHasReports.validate(txt(`_dmarc.${D}`, "v=DMARC1; p=reject; t=y"))).toHaveLength(1);
    expect(dnsDmarcMonitoringHasReports.validate(txt(`_dmarc.${D}`, "v=DMARC1; p=reject"))).toEqual([]);
  });
});

describe("dns-dmarc-policy-enforced", () => {
  it("is advisory and gives the next step for p=none", () => {
    expect(dnsDmarcPolicyEnforced.enforcementLevel).toBe("advisory");
    const [message, ...rest] = dnsDmarcPolicyEnforced.validate(txt(`_dmarc.${D}`, "v=DMARC1; p=none; rua=mailto:d@example.com"));
    expect(rest).toEqual([]);
    expect(message).toContain("Next step");
    expect(message).toContain("quarantine with testing: true (t=y)");
    expect(dnsDmarcPolicyEnforced.validate(txt(D, "v=spf1 -all"))).toEqual([]);
  });
});

describe("mail-dkim-for-every-sender and mail-dkim-pending", () => {
  /** The plan with DMARC p=quarantine applied as written (no t=y) and the apex SPF listing `includes`. */
  const enforcing = (includes: string) =>
    edit((r) => dmarc(r) || apexSpf(r), (p) => ({ ...p, content: String(p["content"]).startsWith("v=spf1") ? `v=spf1 ${includes} -all` : "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@brightpath-coaching.com" }));
  const withoutGoogleKey = (resources: PlannedResource[]) => resources.filter((r) => !isRecord(r, `google._domainkey.${D}`, "TXT"));

  it("only advises when a sender whose SPF aligns has no key yet, and says where to get it and to switch signing on", () => {
    expect(mailDkimForEverySender.enforcementLevel).toBe("mandatory");
    expect(mailDkimPending.enforcementLevel).toBe("advisory");
    const missing = withoutGoogleKey(enforcing("include:_spf.google.com"));
    expect(messages(mailDkimForEverySender, missing)).toEqual([]);
    expect(messages(mailDkimPending, missing)).toEqual([
      "Google Workspace sends as brightpath-coaching.com without a DKIM key yet (its mail still passes DMARC quarantine through aligned SPF): once Google Workspace has verified the domain, copy the key from Admin console → Apps → Google Workspace → Gmail → Authenticate email (default selector: google); after publishing it, click Start authentication there into email.dkim, run pulumi up, then switch DKIM signing on in Google Workspace's console.",
    ]);
  });
  it("blocks a missing key where the sender's mail would fail DMARC: its envelope is not at the domain and the policy enforces", () => {
    const postmark = enforcing("include:_spf.google.com include:spf.mtasv.net");
    expect(messages(mailDkimForEverySender, postmark)).toEqual([expect.stringMatching(/^Postmark sends as brightpath-coaching.com .* under DMARC quarantine its mail is sent to spam: copy the key from Postmark/)]);
    expect(messages(mailDkimPending, postmark)).toEqual([]);
    // The template's own DMARC is quarantine in test mode (t=y): receivers apply none, so it is only advice.
    const testing = edit(apexSpf, (p) => ({ ...p, content: "v=spf1 include:_spf.google.com include:spf.mtasv.net -all" }));
    expect(messages(mailDkimForEverySender, testing)).toEqual([]);
    expect(messages(mailDkimPending, testing)).toEqual([expect.stringMatching(/^Postmark sends as .* passes DMARC none\)/)]);
  });
  it("counts a key only in a form its sender gives: Microsoft 365's CNAMEs, not a TXT key under selector1", () => {
    const m365 = enforcing("include:spf.protection.outlook.com");
    const cname = (selector: string, target: string) => fixture(TYPES.dnsRecord, { name: `${selector}._domainkey.${D}`, type: "CNAME", content: target, ttl: 3600 }, { name: selector });
    expect(messages(mailDkimPending, [...m365, cname("selector1", "selector1-brightpath-coaching-com._domainkey.brightpath.onmicrosoft.com")])).toEqual([]);
    expect(messages(mailDkimPending, [...m365, cname("selector1", "selector1-brightpath-coaching-com._domainkey.brightpath.r-v1.dkim.mail.microsoft")])).toEqual([]);
    expect(messages(mailDkimPending, [...m365, txt(`selector1._domainkey.${D}`, "v=DKIM1; k=rsa; p=MIIB")])).toHaveLength(1);
  });
  it("lets an owner-chosen selector serve a sender without a fixed one, but not twice", () => {
    const spf = enforcing("include:_spf.google.com include:mailgun.org include:zohomail.com");
    expect(messages(mailDkimPending, [...spf, txt(`mg._domainkey.${D}`, "k=rsa; p=MIIB")])).toEqual([expect.stringMatching(/^(Mailgun|Zoho Mail) sends as/)]);
    expect(messages(mailDkimPending, [...spf, txt(`mg._domainkey.${D}`, "k=rsa; p=MIIB"), txt(`zmail._domainkey.${D}`, "k=rsa; p=MIIB")])).toEqual([]);
  });
  it("fires when SES asks for 1024-bit keys or a DKIM CNAME is missing", () => {
    const weak = state.map((r) => (r.type === TYPES.sesEmailIdentity ? { ...r, props: { ...r.props, dkimSigningAttributes: { ...(r.props["dkimSigningAttributes"] as object), nextSigningKeyLength: "RSA_1024_BIT" } } } : r));
    expect(messages(mailDkimForEverySender, weak)).toEqual([`SES identity ${D} does not request 2048-bit DKIM keys: set dkimSigningAttributes.nextSigningKeyLength to RSA_2048_BIT.`]);
    const missing = edit((r) => r.type === TYPES.dnsRecord && r.name === "launch-email-ses-dkim-1", () => undefined);
    expect(messages(mailDkimForEverySender, missing)).toEqual([expect.stringContaining("needs its three Easy DKIM CNAMEs")]);
  });
});

describe("ses-mail-from-aligned", () => {
  it("is mandatory and fires without a custom MAIL FROM, with a MAIL FROM outside the domain, or on REJECT_MESSAGE", () => {
    expect(sesMailFromAligned.enforcementLevel).toBe("mandatory");
    expect(messages(sesMailFromAligned, edit((r) => r.type === TYPES.sesMailFrom, () => undefined))).toEqual([expect.stringContaining("has no custom MAIL FROM")]);
    const outside = edit((r) => r.type === TYPES.sesMailFrom, (p) => ({ ...p, mailFromDomain: "bounce.example.net" }));
    expect(messages(sesMailFromAligned, outside)[0]).toBe(`MAIL FROM bounce.example.net is not a subdomain of ${D}, so SPF cannot align with the From domain: use <label>.${D}.`);
    expect(messages(sesMailFromAligned, edit((r) => r.type === TYPES.sesMailFrom, (p) => ({ ...p, behaviorOnMxFailure: "REJECT_MESSAGE" })))).toEqual([expect.stringContaining("set behaviorOnMxFailure to USE_DEFAULT_VALUE")]);
  });
  it("fires when the MAIL FROM MX names another region, its SPF lacks SES, or DMARC asks for strict SPF alignment", () => {
    expect(messages(sesMailFromAligned, edit((r) => isRecord(r, `mail.${D}`, "MX"), (p) => ({ ...p, content: "feedback-smtp.us-east-1.amazonses.com" })))).toEqual([
      `MAIL FROM mail.${D} has no MX to feedback-smtp.eu-west-1.amazonses.com: SES cannot take bounces there and falls back to its own MAIL FROM.`,
    ]);
    expect(messages(sesMailFromAligned, edit((r) => isRecord(r, `mail.${D}`, "TXT"), (p) => ({ ...p, content: "v=spf1 -all" })))).toEqual([expect.stringContaining("has no SPF including amazonses.com")]);
    expect(messages(sesMailFromAligned, edit(dmarc, (p) => ({ ...p, content: "v=DMARC1; p=reject; aspf=s" })))).toEqual([expect.stringContaining("aspf=s")]);
  });
});

describe("mail-addresses-can-receive", () => {
  it("is mandatory and fires on report and alert addresses at a domain with a null MX", () => {
    expect(mailAddressesCanReceive.enforcementLevel).toBe("mandatory");
    const nullMx = [...edit((r) => isRecord(r, D, "MX"), () => undefined), fixture(TYPES.dnsRecord, { name: D, type: "MX", content: ".", priority: 0 }, { name: "null-mx" })];
    const found = messages(mailAddressesCanReceive, nullMx);
    expect(found).toContain(`dmarc-reports@${D} receives the DMARC reports, but ${D} publishes a null MX in this plan, so they bounce: use an address at a domain that receives mail, or set email.inbound.`);
    expect(found).toContain(`dmarc-reports@${D} receives the TLS reports, but ${D} publishes a null MX in this plan, so they bounce: use an address at a domain that receives mail, or set email.inbound.`);
    expect(found).toContain(`ops@${D} receives the alerts, but ${D} publishes a null MX in this plan, so they bounce: use an address at a domain that receives mail, or set email.inbound.`);
  });
  it("fires on a report address at the MAIL FROM domain, and leaves other domains alone", () => {
    const content = `v=DMARC1; p=reject; rua=mailto:r@mail.${D},mailto:r@reports.example.net`;
    expect(messages(mailAddressesCanReceive, edit(dmarc, (p) => ({ ...p, content })))).toEqual([]);
    const noMx = edit((r) => isRecord(r, `mail.${D}`, "MX"), () => undefined);
    expect(messages(mailAddressesCanReceive, noMx.map((r) => (dmarc(r) ? { ...r, props: { ...r.props, content } } : r)))).toEqual([
      `r@mail.${D} receives the DMARC reports, but mail.${D} has no MX in this plan, so they bounce: use an address at a domain that receives mail, or set email.inbound.`,
    ]);
  });
});

describe("mail-mta-sts-when-inbound", () => {
  it("is advisory and fires when a receiving domain lacks MTA-STS or TLS-RPT", () => {
    expect(mailMtaStsWhenInbound.enforcementLevel).toBe("advisory");
    expect(messages(mailMtaStsWhenInbound, edit((r) => isRecord(r, `_mta-sts.${D}`, "TXT"), () => undefined))).toEqual([expect.stringContaining("publishes no MTA-STS")]);
    expect(messages(mailMtaStsWhenInbound, edit((r) => r.type === TYPES.workersCustomDomain, () => undefined))).toEqual([expect.stringContaining("publishes no MTA-STS")]);
    expect(messages(mailMtaStsWhenInbound, edit((r) => isRecord(r, `_smtp._tls.${D}`, "TXT"), () => undefined))).toEqual([expect.stringContaining("no TLS-RPT record")]);
  });
});
