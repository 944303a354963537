import { describe, expect, it } from "vitest";
import { recordPurpose, type RecordContext, type RecordFacts } from "../../../cli/plan/documents/record-purpose";

const apexSite: RecordContext = { domain: "example.com", canonicalHost: "example.com", mailFromDomain: "mail.example.com" };
const wwwSite: RecordContext = { domain: "example.com", canonicalHost: "www.example.com" };

const record = (name: string, type: string, content: string, extra: Partial<RecordFacts> = {}): RecordFacts => ({ name, type, content, proxied: false, ...extra });
const caa = (tag: string, value: string) => record("example.com", "CAA", "", { caa: { tag, value } });
const TLS_CA = (ca: string) => `${ca}, one of the authorities Cloudflare gets certificates from`;

describe("recordPurpose", () => {
  it.each<[string, RecordFacts, RecordContext, string, string, string]>([
    // label, record, context, area, pointsAt, a phrase of the purpose
    ["CAA issue", caa("issue", "pki.goog; cansignhttpexchanges=yes"), apexSite, "certificates", TLS_CA("Google Trust Services"), "Allows Google Trust Services to issue certificates for example.com."],
    ["CAA issuewild", caa("issuewild", "sectigo.com"), apexSite, "certificates", TLS_CA("Sectigo"), "Allows Sectigo to issue wildcard certificates (*.example.com)."],
    ["CAA iodef", caa("iodef", "mailto:ops@example.com"), apexSite, "certificates", "you (ops@example.com)", "report a certificate request they refused"],
    ["DMARC", record("_dmarc.example.com", "TXT", "v=DMARC1; p=none; rua=mailto:d@example.net"), apexSite, "mail", "you (reports go to d@example.net)", "DMARC: tells receiving mail servers"],
    ["DMARC without reports", record("_dmarc.example.com", "TXT", "v=DMARC1; p=reject"), apexSite, "mail", "you (no report address)", "DMARC"],
    ["MTA-STS", record("_mta-sts.example.com", "TXT", "v=STSv1; id=abc"), apexSite, "mail", "Cloudflare (a Worker serves the policy)", "https://mta-sts.example.com/.well-known/mta-sts.txt"],
    ["TLS-RPT", record("_smtp._tls.example.com", "TXT", "v=TLSRPTv1; rua=mailto:tls@example.com"), apexSite, "mail", "you (reports go to tls@example.com)", "TLS-RPT"],
    ["SES DKIM", record("abc._domainkey.example.com", "CNAME", "abc.dkim.amazonses.com"), apexSite, "mail", "Amazon SES", "DKIM key of Amazon SES (Easy DKIM)"],
    ["Google DKIM", record("google._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=MIIB"), apexSite, "mail", "Google Workspace", "DKIM public key (selector google): receivers check Google Workspace's signature"],
    ["Microsoft DKIM", record("selector1._domainkey.example.com", "CNAME", "selector1-example-com._domainkey.example.onmicrosoft.com"), apexSite, "mail", "Microsoft 365", "kept by Microsoft 365"],
    ["unknown DKIM", record("s9._domainkey.example.com", "TXT", "v=DKIM1; p=MIIB"), apexSite, "mail", 'the sender that uses selector "s9"', "DKIM public key (selector s9)"],
    ["null MX", record("example.com", "MX", ".", { priority: 0 }), apexSite, "mail", "nobody (no mail is accepted)", "Null MX: @example.com receives no mail"],
    ["Google MX", record("example.com", "MX", "aspmx.l.google.com", { priority: 1 }), apexSite, "mail", "Google Workspace", "delivered to aspmx.l.google.com (priority 1;"],
    ["Microsoft MX", record("example.com", "MX", "example-com.mail.protection.outlook.com", { priority: 0 }), apexSite, "mail", "Microsoft 365", "Incoming mail for @example.com"],
    ["other MX", record("example.com", "MX", "mx.fastmail.example", { priority: 10 }), apexSite, "mail", "mx.fastmail.example", "priority 10"],
    ["SES MAIL FROM MX", record("mail.example.com", "MX", "feedback-smtp.eu-west-1.amazonses.com", { priority: 10 }), apexSite, "mail", "Amazon SES", "(the custom MAIL FROM domain)"],
    ["apex SPF", record("example.com", "TXT", "v=spf1 include:_spf.google.com include:spf.mtasv.net include:spf.example-crm.com -all"), apexSite, "mail", "Google Workspace, Postmark, spf.example-crm.com", "Mail from any other server fails."],
    ["apex SPF with SES", record("example.com", "TXT", "v=spf1 include:amazonses.com ~all"), apexSite, "mail", "Amazon SES", "marked suspicious (soft fail)"],
    ["SPF of a domain that sends nothing", record("example.com", "TXT", "v=spf1 -all"), apexSite, "mail", "nobody (no mail is sent)", "SPF: no server may send mail as @example.com."],
    ["MAIL FROM SPF", record("mail.example.com", "TXT", "v=spf1 include:amazonses.com -all"), apexSite, "mail", "Amazon SES", "SPF of the bounce domain: only Amazon SES may send with it."],
    ["canonical apex", record("example.com", "CNAME", "site.netlify.app", { proxied: true }), apexSite, "web", "your host site.netlify.app", "The website, at its main address. Visitors reach it through Cloudflare"],
    ["redirect-only www", record("www.example.com", "AAAA", "100::", { proxied: true }), apexSite, "web", "Cloudflare (redirect only)", "redirect it to example.com. No server is behind it."],
    ["www with a server, apex canonical", record("www.example.com", "CNAME", "site.netlify.app", { proxied: true }), apexSite, "web", "your host site.netlify.app", "The website's other address: Cloudflare redirects it to example.com."],
    ["canonical www", record("www.example.com", "CNAME", "site.example.net", { proxied: true }), wwwSite, "web", "your host site.example.net", "The website, at its main address."],
    ["redirect-only apex", record("example.com", "AAAA", "100::", { proxied: true }), wwwSite, "web", "Cloudflare (redirect only)", "redirect it to www.example.com"],
    ["app", record("app.example.com", "CNAME", "app.fly.dev", { proxied: true }), apexSite, "web", "your host app.fly.dev", "The app (sign-in and the product)."],
    ["DNS-only API", record("api.example.com", "A", "203.0.113.20"), apexSite, "web", "your server 203.0.113.20", "The API. DNS only: visitors connect to it directly"],
    ["another host", record("status.example.com", "CNAME", "status.example.net", { proxied: true }), apexSite, "web", "your host status.example.net", "The host status.example.com."],
    ["other TXT", record("example.com", "TXT", "note=abc"), apexSite, "other", "note=abc", "A TXT record."],
    ["verification TXT", record("example.com", "TXT", "google-site-verification=abc"), apexSite, "other", "google-site-verification=abc", "Verification: proves to a service that example.com is yours (confirm at Google Admin console"],
    ["ACME challenge", record("_acme-challenge.app.example.com", "CNAME", "app.example.com.k3x9q2.flydns.net"), apexSite, "certificates", "app.example.com.k3x9q2.flydns.net", "Certificate validation (ACME DNS-01): lets the host behind app.example.com prove"],
  ])("%s", (_label, facts, context, area, pointsAt, phrase) => {
    const purpose = recordPurpose(facts, context);
    expect(purpose.area).toBe(area);
    expect(purpose.pointsAt).toBe(pointsAt);
    expect(purpose.purpose).toContain(phrase);
  });

  it.each<[string, RecordFacts, RecordContext, string | undefined]>([
    ["the canonical host", record("example.com", "CNAME", "site.netlify.app", { proxied: true }), apexSite, "site.netlify.app"],
    ["a DNS-only host", record("api.example.com", "A", "203.0.113.20"), apexSite, "203.0.113.20"],
    ["a redirect-only placeholder", record("www.example.com", "AAAA", "100::", { proxied: true }), apexSite, undefined],
    ["the redirected host, though it has a server", record("www.example.com", "CNAME", "site.netlify.app", { proxied: true }), apexSite, undefined],
    ["a mail record", record("example.com", "MX", "aspmx.l.google.com", { priority: 1 }), apexSite, undefined],
  ])("gives the server requests reach for %s", (_label, facts, context, origin) => {
    expect(recordPurpose(facts, context).origin).toBe(origin);
  });
});
