import { describe, expect, it } from "vitest";
import { ProgramFailed } from "../../cli/plan/engine";
import { ConfigError, type ConfigIssue } from "../../config";
import { mtaStsId } from "../../lib/mta-sts";
import { SENDER_IDS } from "../../lib/senders";
import { prodConfig, prodValue, runStack, type StackRun } from "../helpers/harness";
import { prodZoneActive } from "../helpers/plan-file";

// What mocks cannot prove here: that SES and Cloudflare accept these values, and the provider's own defaults.
const DOMAIN = "brightpath-coaching.com";
const DNS = "cloudflare:index/dnsRecord:DnsRecord";
const email = (overrides: Record<string, unknown>) => ({ email: { ...prodValue("email"), ...overrides } });

function records(stack: StackRun) {
  return stack
    .ofType(DNS)
    .filter((r) => r.name.startsWith("launch-email"))
    .map((r) => stack.inputs(r))
    .map((i) => ({ name: String(i["name"]), type: String(i["type"]), content: String(i["content"]), ...(i["priority"] === undefined ? {} : { priority: i["priority"] }) }))
    .sort((a, b) => `${a.name} ${a.type} ${a.content}`.localeCompare(`${b.name} ${b.type} ${b.content}`));
}

async function issues(overrides: Record<string, unknown>): Promise<ConfigIssue[]> {
  const error = await runStack(prodConfig(overrides)).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ProgramFailed) || !(error.cause instanceof ConfigError)) throw new Error(`expected a config error, got ${String(error)}`);
  expect(error.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  return error.cause.issues;
}

describe("Mail with the template's stack (SES sending identity, Google Workspace inbound)", () => {
  it("creates the SES identity with 2048-bit Easy DKIM, a configuration set with reputation metrics and a custom MAIL FROM", async () => {
    const stack = await runStack();
    const [config] = stack.ofType("aws:sesv2/configurationSet:ConfigurationSet");
    const [identity] = stack.ofType("aws:sesv2/emailIdentity:EmailIdentity");
    const [mailFrom] = stack.ofType("aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes");
    expect(stack.inputs(config!)).toEqual({
      configurationSetName: "launch-ready-brightpath-coaching-com",
      region: "eu-west-1",
      reputationOptions: { reputationMetricsEnabled: true },
      suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
      deliveryOptions: { tlsPolicy: "REQUIRE" },
    });
    expect(stack.inputs(identity!)).toEqual({
      emailIdentity: DOMAIN,
      region: "eu-west-1",
      configurationSetName: "launch-ready-brightpath-coaching-com",
      dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
    });
    expect(stack.inputs(mailFrom!)).toEqual({ emailIdentity: DOMAIN, region: "eu-west-1", mailFromDomain: `mail.${DOMAIN}`, behaviorOnMxFailure: "USE_DEFAULT_VALUE" });
    expect(stack.parentOf(identity!)?.type).toBe("launch-ready:mail:SendingIdentity");
  });

  it("publishes exactly the mail records: DKIM CNAMEs, MAIL FROM MX and SPF, apex SPF, DMARC, Google's MX, DKIM key, MTA-STS, TLS-RPT", async () => {
    const stack = await runStack(prodZoneActive());
    const tokens = (stack.run.resources.find((r) => r.type === "aws:sesv2/emailIdentity:EmailIdentity")!.outputs["dkimSigningAttributes"] as { tokens: string[] }).tokens;
    const googleKey = (prodValue("email")["dkim"] as { value: string }[])[0]!.value;
    const policy = String(stack.inputs(stack.named("launch-email-mta-sts-policy"))["content"]).match(/^const POLICY = (".*");$/m)![1]!;
    const expected = [
      ...tokens.map((t) => ({ name: `${t}._domainkey.${DOMAIN}`, type: "CNAME", content: `${t}.dkim.amazonses.com` })),
      { name: DOMAIN, type: "TXT", content: "v=spf1 include:_spf.google.com -all" },
      { name: `_dmarc.${DOMAIN}`, type: "TXT", content: "v=DMARC1; p=quarantine; t=y; rua=mailto:dmarc-reports@brightpath-coaching.com; adkim=r; aspf=r" },
      { name: `mail.${DOMAIN}`, type: "MX", content: "feedback-smtp.eu-west-1.amazonses.com", priority: 10 },
      { name: `mail.${DOMAIN}`, type: "TXT", content: "v=spf1 include:amazonses.com -all" },
      { name: `google._domainkey.${DOMAIN}`, type: "TXT", content: googleKey },
      { name: DOMAIN, type: "MX", content: "aspmx.l.google.com", priority: 1 },
      { name: DOMAIN, type: "MX", content: "alt1.aspmx.l.google.com", priority: 5 },
      { name: DOMAIN, type: "MX", content: "alt2.aspmx.l.google.com", priority: 5 },
      { name: DOMAIN, type: "MX", content: "alt3.aspmx.l.google.com", priority: 10 },
      { name: DOMAIN, type: "MX", content: "alt4.aspmx.l.google.com", priority: 10 },
      { name: `_mta-sts.${DOMAIN}`, type: "TXT", content: `v=STSv1; id=${mtaStsId(JSON.parse(policy) as string)}` },
      { name: `_smtp._tls.${DOMAIN}`, type: "TXT", content: "v=TLSRPTv1; rua=mailto:dmarc-reports@brightpath-coaching.com" },
    ].sort((a, b) => `${a.name} ${a.type} ${a.content}`.localeCompare(`${b.name} ${b.type} ${b.content}`));
    expect(records(stack)).toEqual(expected);
    for (const r of stack.ofType(DNS).filter((x) => x.name.startsWith("launch-email"))) {
      expect(stack.inputs(r)["proxied"]).toBe(false);
      expect(stack.inputs(r)["ttl"]).toBe(3600);
    }
  });

  it("serves the MTA-STS policy from a Worker on mta-sts.<domain>, in testing mode, listing Google's MX hosts", async () => {
    const stack = await runStack(prodZoneActive());
    const script = stack.inputs(stack.named("launch-email-mta-sts-policy"));
    expect(script["scriptName"]).toBe("mta-sts-brightpath-coaching-com");
    expect(script["mainModule"]).toBe("mta-sts.js");
    expect(String(script["content"])).toContain(JSON.stringify("version: STSv1\r\nmode: testing\r\nmx: aspmx.l.google.com\r\nmx: alt1.aspmx.l.google.com\r\nmx: alt2.aspmx.l.google.com\r\nmx: alt3.aspmx.l.google.com\r\nmx: alt4.aspmx.l.google.com\r\nmax_age: 604800\r\n"));
    expect(stack.inputs(stack.named("launch-email-mta-sts-host"))).toEqual({
      accountId: "5f2b8c1d9e0a4b7c8d6e3f1a2b4c6d8e",
      zoneId: stack.outputs["zoneId"],
      hostname: `mta-sts.${DOMAIN}`,
      service: "mta-sts-brightpath-coaching-com",
    });
    expect(stack.ofType("cloudflare:index/ruleset:Ruleset").filter((r) => r.name.startsWith("launch-email"))).toEqual([]);
  });

  it("says what still needs a person", async () => {
    const stack = await runStack();
    expect(stack.outputs["sesVerificationStatus"]).toBe("PENDING");
    const steps = stack.outputs["mailNeedsAPerson"] as string[];
    expect(steps[0]).toContain("up to 72 hours");
    expect(steps[1]).toContain("request production access for eu-west-1");
    // Google's key is published; signing is a separate switch in its console.
    expect(steps).toContain(
      "Turn on DKIM signing at Google Workspace once its key resolves: Admin console → Apps → Google Workspace → Gmail → Authenticate email (default selector: google); after publishing it, click Start authentication there.",
    );
    expect(stack.outputs["dmarcReportAuthorizations"]).toEqual([]);
  });
});

describe("Mail variants", () => {
  it("publishes a null MX and no MTA-STS when the domain receives no mail, and v=spf1 -all without senders", async () => {
    const stack = await runStack(
      prodConfig({
        monitoring: { alertEmails: ["ops@example.net"] },
        ...email({ inbound: "none", senders: [], dkim: [], transactional: "none", dmarc: { policy: "reject", rua: ["dmarc@reports.example.net"] } }),
      }),
    );
    expect(records(stack).filter((r) => r.name === DOMAIN)).toEqual([
      { name: DOMAIN, type: "MX", content: ".", priority: 0 },
      { name: DOMAIN, type: "TXT", content: "v=spf1 -all" },
    ]);
    expect(stack.ofType("cloudflare:index/workersScript:WorkersScript")).toEqual([]);
    expect(stack.ofType("aws:sesv2/emailIdentity:EmailIdentity")).toEqual([]);
    expect(stack.outputs["sesVerificationStatus"]).toBe("not used (email.transactional: none)");
    expect(stack.outputs["dmarcReportAuthorizations"]).toEqual([{ address: "dmarc@reports.example.net", name: `${DOMAIN}._report._dmarc.reports.example.net`, value: "v=DMARC1" }]);
  });

  it("uses Microsoft 365's MX host and lists every catalog sender's include in one record", async () => {
    const stack = await runStack(prodConfig(email({ inbound: "microsoft-365", senders: ["microsoft-365", "postmark", "sendgrid", "resend"], spfIncludes: ["spf.example-crm.com"], spfAll: "~all" })));
    const apex = records(stack).filter((r) => r.name === DOMAIN);
    expect(apex).toEqual([
      { name: DOMAIN, type: "MX", content: "brightpath-coaching-com.mail.protection.outlook.com", priority: 0 },
      { name: DOMAIN, type: "TXT", content: "v=spf1 include:spf.protection.outlook.com include:spf.mtasv.net include:sendgrid.net include:amazonses.com include:spf.example-crm.com ~all" },
    ]);
    const steps = stack.outputs["mailNeedsAPerson"] as string[];
    expect(steps.filter((s) => s.startsWith("Publish "))).toEqual([
      expect.stringContaining("Microsoft 365's DKIM key"),
      expect.stringContaining("Postmark's DKIM key"),
      expect.stringContaining("SendGrid's DKIM key"),
      expect.stringContaining("Resend's DKIM key"),
    ]);
  });

  it("publishes ASCII only for a Unicode domain, mailto: addresses included", async () => {
    const stack = await runStack(
      prodConfig({
        domain: "bücher-coaching.de",
        hosts: { "@": { type: "CNAME", target: "site.netlify.app" } },
        monitoring: { alertEmails: ["ops@bücher-coaching.de"] },
        ...email({ dkim: [{ selector: "google", value: "v=DKIM1; k=rsa; p=MIIBIjANBgkq" }], dmarc: { policy: "none", rua: ["dmarc@bücher-coaching.de", "rua@berichte-ü.example"] } }),
      }),
    );
    const ace = "xn--bcher-coaching-gsb.de";
    const mail = stack.ofType(DNS).filter((r) => r.name.startsWith("launch-email")).map((r) => stack.inputs(r));
    expect(mail.length).toBeGreaterThan(10);
    for (const r of mail) expect(`${String(r["name"])} ${String(r["content"])}`).toMatch(/^[\x20-\x7e]+$/);
    expect(mail.find((r) => r["name"] === `_dmarc.${ace}`)?.["content"]).toBe(`v=DMARC1; p=none; rua=mailto:dmarc@${ace},mailto:rua@xn--berichte--y9a.example; adkim=r; aspf=r`);
    expect(stack.inputs(stack.ofType("aws:sesv2/emailIdentity:EmailIdentity")[0]!)["emailIdentity"]).toBe(ace);
    expect(JSON.stringify(stack.outputs["dmarcReportAuthorizations"])).toMatch(/^[\x20-\x7e]+$/);
    expect(stack.outputs["dmarcReportAuthorizations"]).toEqual([{ address: "rua@xn--berichte--y9a.example", name: `${ace}._report._dmarc.xn--berichte--y9a.example`, value: "v=DMARC1" }]);
  });
});

describe("Mail config refused with the key named", () => {
  it("refuses an unknown sender id and lists the known ones", async () => {
    const [issue, ...rest] = await issues(email({ senders: ["google-workspace", "mailchimp"] }));
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      key: "launch-ready:email.senders[1]",
      received: '"mailchimp"',
      allowed: `a known sender id: ${SENDER_IDS.join(", ")}`,
      fix: "use one of these ids, or put the sender's SPF include domain in email.spfIncludes",
    });
  });

  it("refuses senders over the SPF lookup budget and shows the arithmetic", async () => {
    const [issue, ...rest] = await issues(email({ senders: ["google-workspace", "mailgun", "zoho"], spfIncludes: ["a.example.net", "b.example.net", "c.example.net"] }));
    expect(rest).toEqual([]);
    expect(issue?.key).toBe("launch-ready:email.senders");
    expect(issue?.allowed).toContain("_spf.google.com 1 + mailgun.org 5 + zohomail.com 2 + a.example.net 1 (at least) + b.example.net 1 (at least) + c.example.net 1 (at least) = 11 DNS lookups (limit 10)");
    expect(issue?.fix).toContain("drop a sender");
  });

  it("refuses a report address that is not an e-mail", async () => {
    const [issue, ...rest] = await issues(email({ dmarc: { policy: "none", rua: ["reports at example.org"] } }));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ key: "launch-ready:email.dmarc.rua[0]", received: '"reports at example.org"' });
    expect(issue?.allowed).toContain("an e-mail address");
  });

  it("refuses report addresses at the SES MAIL FROM domain and a MAIL FROM label a host uses", async () => {
    const found = await issues(email({ mailFromSubdomain: "app", dmarc: { policy: "none", rua: [`dmarc@app.${DOMAIN}`] } }));
    expect(found.map((i) => i.key)).toEqual(["launch-ready:email.dmarc.rua[0]", "launch-ready:email.mailFromSubdomain"]);
  });

  it("takes weak-but-valid choices without a crash: p=none, ~all, no report address", async () => {
    const stack = await runStack(prodConfig(email({ spfAll: "~all", dmarc: { policy: "none", rua: [] } })));
    expect(records(stack).find((r) => r.name === `_dmarc.${DOMAIN}`)?.content).toBe("v=DMARC1; p=none; adkim=r; aspf=r");
    expect(stack.ofType(DNS).some((r) => stack.inputs(r)["name"] === `_smtp._tls.${DOMAIN}`)).toBe(false);
  });
});
