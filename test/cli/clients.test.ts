import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleStackFile } from "../helpers/examples";
import { PROJECT_DIR } from "../helpers/harness";
import { expectOnePage } from "../helpers/handover";
import { runPlanCli } from "../helpers/plan-cli";

/**
 * Six client stacks a consultant writes for real coaching businesses: four are the examples of their use case
 * (examples/), two are kept as fixtures (test/fixtures/clients/). Each is planned with the CLI as a user runs it and
 * must meet the bar, with the records and rules that client depends on.
 */

interface PlanJson {
  domain: string;
  resources: { type: string; name: string; inputs: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
  violations: { policy: string; enforcement: string; message: string }[];
}

const fixtureClient = (client: string) => join(PROJECT_DIR, "test", "fixtures", "clients", `Pulumi.${client}.yaml`);
const STACK_FILES: Record<string, string> = {
  "eclat-coaching": exampleStackFile("non-english-site", "eclat-coaching"),
  lebensglueck: exampleStackFile("www-canonical-pro", "lebensglueck"),
  "mindful-leaders": exampleStackFile("free-plan-apex", "mindful-leaders"),
  kairos: exampleStackFile("existing-zone", "kairos"),
  thrive: fixtureClient("thrive"),
  northstar: fixtureClient("northstar"),
};
function stackFile(client: string): string {
  const file = STACK_FILES[client];
  if (file === undefined) throw new Error(`no stack file for client ${client}; have: ${Object.keys(STACK_FILES).join(", ")}`);
  return file;
}

async function plan(client: string): Promise<{ code: number; doc: PlanJson; stderr: string }> {
  const json = join(mkdtempSync(join(tmpdir(), "launch-ready-client-")), "plan.json");
  // Both modes, as a user runs it: the exit code counts a first preview's findings too.
  const { code, stderr } = await runPlanCli(["--config-file", stackFile(client), "--json", json]);
  return { code, stderr, doc: JSON.parse(readFileSync(json, "utf8")) as PlanJson };
}

const records = (doc: PlanJson) =>
  doc.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord").map((r) => ({ name: r.inputs["name"], type: r.inputs["type"], content: r.inputs["content"], proxied: r.inputs["proxied"] }));
const rateLimitExpressions = (doc: PlanJson) =>
  doc.resources
    .filter((r) => r.type === "cloudflare:index/ruleset:Ruleset" && r.inputs["phase"] === "http_ratelimit")
    .flatMap((r) => (r.inputs["rules"] as { expression: string }[]).map((rule) => rule.expression));
const cacheBypass = (doc: PlanJson) =>
  doc.resources
    .filter((r) => r.type === "cloudflare:index/ruleset:Ruleset" && r.inputs["phase"] === "http_request_cache_settings")
    .flatMap((r) => (r.inputs["rules"] as { expression: string; actionParameters: { cache?: boolean } }[]).filter((rule) => rule.actionParameters.cache === false).map((rule) => rule.expression));
const checkedUrls = (doc: PlanJson) =>
  doc.resources.filter((r) => r.type === "aws:route53/healthCheck:HealthCheck").map((r) => `https://${String(r.inputs["fqdn"])}${String(r.inputs["resourcePath"])}`);
const findings = (doc: PlanJson, level: string) => doc.violations.filter((v) => v.enforcement === level).map((v) => v.policy);

/** The launch documents of a client, from `npm run plan -- --out-dir`. */
async function documents(client: string): Promise<{ handover: string; dnsMap: string }> {
  const dir = mkdtempSync(join(tmpdir(), "launch-ready-client-docs-"));
  const { code, stderr } = await runPlanCli(["--config-file", stackFile(client), "--mode", "after-up", "--out-dir", dir]);
  expect(code, stderr).toBe(0);
  const read = (name: string) => readFileSync(join(dir, client, name), "utf8");
  return { handover: read("handover.md"), dnsMap: read("dns-map.md") };
}

describe("the client's launch documents", () => {
  it("name a Unicode domain as typed with its punycode, and list what a person must do at the hosts, the verifications and the senders", async () => {
    const { handover, dnsMap } = await documents("eclat-coaching");
    expect(handover.split("\n")[0]).toBe("# Handover: éclat-coaching.fr (xn--clat-coaching-9gb.fr) (stack eclat-coaching)");
    const founder = expectOnePage(handover);
    expect(founder.todo).toEqual([
      "- [ ] At the registrar: point the name servers at Cloudflare and add the DNSSEC record: Appendix B.",
      "- [ ] Confirm the alert subscription e-mail from AWS at camille@xn--clat-coaching-9gb.fr: Appendix A.",
      "- [ ] At Vercel: add the custom domains, so the host issues their certificates: Appendix A.",
      "- [ ] Confirm 2 verification records at the services that asked for them, once published: Appendix A.",
      "- [ ] Mail: 5 steps at Amazon SES and the mail providers (verification, DKIM signing, ...): Appendix A.",
      "- [ ] Monitoring: 1 step before every alert and report works: Appendix A.",
      "- [ ] Let the app read its secrets: attach the secrets read policy to the role it runs as: Appendix D.",
    ]);
    expect(founder.lines).toContain("| Vercel | Hosts éclat-coaching.fr (xn--clat-coaching-9gb.fr), app.éclat-coaching.fr (app.xn--clat-coaching-9gb.fr). |");
    expect(founder.lines).toContain("| Postmark | Sends mail as the domain (a sender, not a mailbox). |");
    expect(handover).toContain("- [ ] At Vercel: add `xn--clat-coaching-9gb.fr`, `app.xn--clat-coaching-9gb.fr` as custom domains");
    expect(handover).toContain("- [ ] Once TXT `_vercel.xn--clat-coaching-9gb.fr` resolves, confirm it: Vercel");
    expect(handover).toContain("- [ ] Turn on DKIM signing at Postmark once its key resolves");
    expect(handover).toMatch(/\| Postmark \| Sends mail as xn--clat-coaching-9gb\.fr \(a sender, not a mailbox\)/);
    expect(handover).toMatch(/\| Google Workspace \| Mail for xn--clat-coaching-9gb\.fr: the mailboxes/);
    expect(dnsMap).toContain("Verification: proves to a service that xn--clat-coaching-9gb.fr is yours (confirm at Vercel");
  });

  it("for an adopted zone, say to compare and import the records it already holds; Fly's _acme-challenge is explained", async () => {
    const { handover, dnsMap } = await documents("thrive");
    expect(expectOnePage(handover).todo).toContain("- [ ] Before the first `pulumi up`: compare the records the adopted zone already holds with the DNS map: Appendix A.");
    expect(handover).toMatch(/- \[ \] The zone thrivecoach\.io existed before: .*delete or `pulumi import` the records that overlap\./);
    expect(handover).toContain("- [ ] At Fly.io: add `thrivecoach.io`, `app.thrivecoach.io` as custom domains (fly certs add");
    expect(dnsMap).toContain("Certificate validation (ACME DNS-01): lets the host behind app.thrivecoach.io prove the name is its own");
  });
});

describe("six real client stacks", () => {
  it("a French coaching site on Vercel: Unicode domain, French auth pages, Google Workspace and Postmark, Free plan, new zone", async () => {
    const { code, doc, stderr } = await plan("eclat-coaching");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(doc.domain).toBe("xn--clat-coaching-9gb.fr");
    expect(findings(doc, "mandatory")).toEqual([]);
    expect(findings(doc, "advisory").sort()).toEqual(["mail-mta-sts-when-inbound", "uptime-checks-api-health"]);
    const got = records(doc);
    expect(got).toContainEqual({ name: "xn--clat-coaching-9gb.fr", type: "A", content: "76.76.21.21", proxied: true });
    expect(got).toContainEqual({ name: "_vercel.xn--clat-coaching-9gb.fr", type: "TXT", content: "vc-domain-verify=app.xn--clat-coaching-9gb.fr,4f1c9e2b7a", proxied: false });
    expect(got).toContainEqual(expect.objectContaining({ name: "20240915103000pm._domainkey.xn--clat-coaching-9gb.fr", type: "TXT" }));
    expect(got).toContainEqual(expect.objectContaining({ name: "xn--clat-coaching-9gb.fr", type: "TXT", content: "v=spf1 include:_spf.google.com include:spf.mtasv.net -all" }));
    // The French pages are rate-limited, never cached, and the login check watches /connexion.
    expect(rateLimitExpressions(doc).join(" ")).toMatch(/"\/connexion".*"\/mot-de-passe-oublie".*"\/inscription"/);
    expect(cacheBypass(doc).join(" ")).toContain('"/connexion*"');
    expect(checkedUrls(doc)).toContain("https://app.xn--clat-coaching-9gb.fr/connexion");
  });

  it("a German coaching studio on Netlify: Unicode domain, German auth pages, Microsoft 365 (new DKIM form) and SendGrid, Pro plan, adopted zone", async () => {
    const { code, doc } = await plan("lebensglueck");
    expect(code).toBe(0);
    expect(findings(doc, "mandatory")).toEqual([]);
    expect(findings(doc, "advisory")).toEqual(["uptime-checks-api-health"]);
    const got = records(doc);
    const domain = "xn--lebensglck-coaching-dbc.de";
    expect(got).toContainEqual({ name: `selector1._domainkey.${domain}`, type: "CNAME", content: "selector1-xn--lebensglck-coaching-dbc-de._domainkey.lebensglueck.r-v1.dkim.mail.microsoft", proxied: false });
    expect(got).toContainEqual({ name: `s1._domainkey.${domain}`, type: "CNAME", content: "s1.domainkey.u4821337.wl012.sendgrid.net", proxied: false });
    expect(got).toContainEqual({ name: `em4821.${domain}`, type: "CNAME", content: "u4821337.wl012.sendgrid.net", proxied: false });
    expect(got).toContainEqual({ name: `autodiscover.${domain}`, type: "CNAME", content: "autodiscover.outlook.com", proxied: false });
    expect(got).toContainEqual(expect.objectContaining({ name: domain, type: "MX", content: "xn--lebensglck-coaching-dbc-de.mail.protection.outlook.com" }));
    // Pro: one auth rule for the German pages, one for the API.
    expect(rateLimitExpressions(doc)[0]).toMatch(/"\/anmelden".*"\/passwort-vergessen".*"\/registrieren"/);
    expect(checkedUrls(doc)).toContain(`https://app.${domain}/anmelden`);
    expect(doc.resources.some((r) => r.type === "cloudflare:index/zone:Zone")).toBe(false);
  });

  it("a leadership SaaS on Render: Resend's own MX and SPF on send., no SES, DMARC reject", async () => {
    const { code, doc } = await plan("mindful-leaders");
    expect(code).toBe(0);
    expect(findings(doc, "mandatory")).toEqual([]);
    const got = records(doc);
    expect(got).toContainEqual(expect.objectContaining({ name: "send.mindful-leaders.com", type: "MX", content: "feedback-smtp.us-east-1.amazonses.com" }));
    expect(got).toContainEqual({ name: "send.mindful-leaders.com", type: "TXT", content: "v=spf1 include:amazonses.com ~all", proxied: false });
    expect(got).toContainEqual(expect.objectContaining({ name: "resend._domainkey.mindful-leaders.com", type: "TXT" }));
    expect(got).toContainEqual(expect.objectContaining({ name: "_dmarc.mindful-leaders.com", content: expect.stringMatching(/^v=DMARC1; p=reject/) }));
    expect(doc.resources.some((r) => r.type === "aws:sesv2/emailIdentity:EmailIdentity")).toBe(false);
    expect(checkedUrls(doc)).toEqual(expect.arrayContaining(["https://mindful-leaders.com/", "https://app.mindful-leaders.com/login", "https://api.mindful-leaders.com/health"]));
  });

  it("a career platform on Fly.io: _acme-challenge CNAMEs, Microsoft 365 (older DKIM form) and Mailgun, Pro plan, adopted zone", async () => {
    const { code, doc } = await plan("thrive");
    expect(code).toBe(0);
    expect(findings(doc, "mandatory")).toEqual([]);
    const got = records(doc);
    expect(got).toContainEqual({ name: "_acme-challenge.app.thrivecoach.io", type: "CNAME", content: "app.thrivecoach.io.k3x9q2.flydns.net", proxied: false });
    expect(got).toContainEqual({ name: "selector1._domainkey.thrivecoach.io", type: "CNAME", content: "selector1-thrivecoach-io._domainkey.thrivecoach.onmicrosoft.com", proxied: false });
    expect(got).toContainEqual(expect.objectContaining({ name: "mx._domainkey.thrivecoach.io", type: "TXT" }));
    // Signing is a switch in each provider's console, even with the records published.
    expect(doc.outputs["mailNeedsAPerson"]).toEqual(expect.arrayContaining([expect.stringMatching(/^Turn on DKIM signing at Microsoft 365 once its key resolves/), expect.stringMatching(/^Turn on DKIM signing at Mailgun/)]));
  });

  it("a UK mentoring practice on Heroku: a .co.uk domain, MailerLite's CNAME key and verification TXT, DMARC still p=none, Free plan", async () => {
    const { code, doc } = await plan("kairos");
    expect(code).toBe(0);
    expect(findings(doc, "mandatory")).toEqual([]);
    // p=none is a deliberate first rung: advised, not blocked.
    expect(findings(doc, "advisory")).toContain("dns-dmarc-policy-enforced");
    const got = records(doc);
    expect(got).toContainEqual({ name: "litesrv._domainkey.kairos-mentoring.co.uk", type: "CNAME", content: "litesrv._domainkey.mlsend.com", proxied: false });
    expect(got).toContainEqual(expect.objectContaining({ name: "kairos-mentoring.co.uk", type: "TXT", content: "v=spf1 include:_spf.google.com include:_spf.mlsend.com -all" }));
    expect(got).toContainEqual({ name: "kairos-mentoring.co.uk", type: "TXT", content: "mailerlite-domain-verification=78bf4e328f0450c638f23076f003758785b41281", proxied: false });
  });

  it("a consultant's portal on a VPS: public IPv4 and IPv6, a declared HSTS ramp step, Microsoft 365 and SES, Pro plan, new zone", async () => {
    const { code, doc } = await plan("northstar");
    expect(code).toBe(0);
    expect(findings(doc, "mandatory")).toEqual([]);
    // The ramp step is advised to grow, not blocked.
    expect(findings(doc, "advisory")).toContain("zone-hsts-one-year");
    const hsts = doc.resources.find((r) => r.type === "cloudflare:index/zoneSetting:ZoneSetting" && r.inputs["settingId"] === "security_header");
    expect(hsts?.inputs["value"]).toMatchObject({ strict_transport_security: { max_age: 86400, include_subdomains: true, preload: false } });
    const got = records(doc);
    expect(got).toContainEqual(expect.objectContaining({ name: "app.northstar-consulting.eu", type: "AAAA", content: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", proxied: true }));
    expect(got).toContainEqual(expect.objectContaining({ name: "bounce.northstar-consulting.eu", type: "MX", content: "feedback-smtp.eu-north-1.amazonses.com" }));
  });
});
