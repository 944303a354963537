/**
 * Mail senders a SaaS commonly uses, with what each needs in the apex SPF record and how it names its DKIM keys.
 * `lookups` is the number of DNS-querying terms (RFC 7208 §4.6.4) the include costs, nested includes counted.
 * Providers change their records: each figure names where it was read and when it was last checked.
 */
export interface Sender {
  /** Human name, for reports. */
  label: string;
  /** The SPF include domain the sender documents. */
  spfInclude: string;
  /** DNS lookups the include costs, itself and nested ones. */
  lookups: number;
  /** The DKIM selectors the sender publishes its keys under; undefined when the account owner picks the selector. */
  dkimSelector?: RegExp;
  /** Where the person finds the DKIM value to put in email.dkim, and where signing is switched on. */
  dkimFrom: string;
  /**
   * The DKIM record forms the sender gives: a TXT key under the selector, and/or a CNAME whose target matches `cname`
   * (the key then lives at the provider, which rotates it).
   */
  dkimForms: { txt: boolean; cname?: RegExp; cnameExample?: string };
  /**
   * True when the sender's envelope (MAIL FROM) is an address at the domain itself, so SPF alone aligns and passes
   * DMARC while its DKIM key is still missing. False when it bounces to its own domain by default: then, under a
   * quarantine or reject policy, its mail fails DMARC until DKIM signs it.
   */
  spfAligned: boolean;
  /** Where the include and the lookup cost come from. */
  source: string;
}

export const SENDERS = {
  "google-workspace": {
    label: "Google Workspace",
    spfInclude: "_spf.google.com",
    // _spf.google.com now lists its ip4/ip6 ranges itself ("2 x ip4 6 x ip6 ~all", no include): one lookup. It used to
    // include _netblocks{,2,3}.google.com (4 lookups), as dig transcripts from 2013-2014 show (gist.github.com/adamn/7788482).
    lookups: 1,
    dkimSelector: /^google$/,
    dkimFrom: "Admin console → Apps → Google Workspace → Gmail → Authenticate email (default selector: google); after publishing it, click Start authentication there",
    // A TXT key (https://support.google.com/a/answer/174126); mail leaves with the user's own address as envelope sender.
    dkimForms: { txt: true },
    spfAligned: true,
    source: "include: https://support.google.com/a/answer/10685031 ; cost: https://www.wirewiki.com/domains/vrcard.nl/spf (include:_spf.google.com + a + mx = 3 lookups), checked 2026",
  },
  "microsoft-365": {
    label: "Microsoft 365",
    spfInclude: "spf.protection.outlook.com",
    // spf.protection.outlook.com lists ip4/ip6 ranges only ("6 x ip4 5 x ip6 -all"); spfd.protection.outlook.com is no longer nested.
    lookups: 1,
    dkimSelector: /^selector[12]$/,
    dkimFrom: "Microsoft Defender portal → Email authentication settings → DKIM (CNAMEs selector1 and selector2); once they resolve, switch on \"Sign messages for this domain with DKIM signatures\" there",
    // Two CNAMEs: selector1-<domain-with-dashes>._domainkey.<tenant>.onmicrosoft.com, or for domains added since May 2025
    // selector1-<domain-with-dashes>._domainkey.<tenant>.<char>-v1.dkim.mail.microsoft
    // (https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure, "Syntax for DKIM CNAME records").
    dkimForms: { txt: false, cname: /^selector[12]-[a-z0-9-]+\._domainkey\.[a-z0-9-]+\.(onmicrosoft\.com|[a-z0-9-]+\.dkim\.mail\.microsoft)$/, cnameExample: "selector1-example-com._domainkey.example.onmicrosoft.com" },
    spfAligned: true,
    source: "include: https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure ; cost: https://www.wirewiki.com/domains/pingtone.com/spf (mx, a, ptr, 2×a:, include = 6 lookups), checked 2026",
  },
  postmark: {
    label: "Postmark",
    spfInclude: "spf.mtasv.net",
    // Postmark's own return path pm.mtasv.net publishes "v=spf1 include:spf.mtasv.net -all", counted as one lookup.
    lookups: 1,
    // Postmark names keys by creation time: 20260213033206pm._domainkey.
    dkimSelector: /^\d{14}pm$/,
    dkimFrom: "Postmark → Sender Signatures / Domains → DNS settings (TXT <timestamp>pm._domainkey), then Verify there",
    // A TXT key; the default Return-Path is pm.mtasv.net, so SPF does not align without a custom Return-Path
    // (https://postmarkapp.com/support/article/1092-how-do-i-set-up-spf-for-postmark).
    dkimForms: { txt: true },
    spfAligned: false,
    source: "include: https://postmarkapp.com/support/article/1092-how-do-i-set-up-spf-for-postmark ; cost: https://dnsdigest.com/domains/38/outbound-email/spf (include:spf.mtasv.net = 1 lookup), checked 2026",
  },
  sendgrid: {
    label: "SendGrid",
    spfInclude: "sendgrid.net",
    // sendgrid.net lists ip4 ranges only ("11 x ip4 ~all").
    lookups: 1,
    dkimSelector: /^s[12]$/,
    dkimFrom: "SendGrid → Settings → Sender Authentication (CNAMEs s1 and s2), then Verify there",
    // Automated security: CNAMEs s1/s2._domainkey → s1/s2.domainkey.u<id>.wl<n>.sendgrid.net; without it, TXT keys
    // (https://www.twilio.com/docs/sendgrid/api-reference/domain-authentication/authenticate-a-domain). The envelope
    // is SendGrid's own unless the em<id> return-path CNAME is published.
    dkimForms: { txt: true, cname: /^s[12]\.domainkey\.u\d+\.wl\d*\.sendgrid\.net$/, cnameExample: "s1.domainkey.u1234567.wl123.sendgrid.net" },
    spfAligned: false,
    source: "include: https://www.twilio.com/docs/sendgrid/ui/account-and-settings/spf-records ; cost: https://www.wirewiki.com/domains/hutman.net/spf (sendgrid.net: 11 x ip4 ~all), checked 2026",
  },
  mailgun: {
    label: "Mailgun",
    spfInclude: "mailgun.org",
    // mailgun.org → _spf.mailgun.org (→ _spf1 and _spf2.mailgun.org) and _spf.eu.mailgun.org: 1 + 1 + 2 + 1 = 5.
    lookups: 5,
    dkimFrom: "Mailgun → Sending → Domains → DNS records (the selector is shown there), then Verify DNS settings there",
    // A TXT key under the selector Mailgun shows (https://help.mailgun.com/hc/en-us/articles/360026833053).
    dkimForms: { txt: true },
    spfAligned: false,
    source: "include: https://help.mailgun.com/hc/en-us/articles/360026833053 ; cost: https://www.wirewiki.com/domains/sps-ocs.com/spf (the mailgun.org tree), https://spf.guru/freshdesk-mailgun-google-spf-too-big (\"5 or more lookups\"), checked 2026",
  },
  resend: {
    label: "Resend",
    spfInclude: "amazonses.com",
    // Resend sends through Amazon SES; amazonses.com lists ip4 ranges only ("12 x ip4 -all"). Resend's own Domain Connect
    // template puts this include (and an MX) on its return-path subdomain; listing it here covers mail whose envelope
    // uses the domain itself.
    lookups: 1,
    dkimSelector: /^resend$/,
    dkimFrom: "Resend → Domains → DNS records (TXT resend._domainkey), then Verify there",
    // A TXT "p=..." key; its envelope is the send. subdomain, which needs its own MX and SPF (email.records).
    dkimForms: { txt: true },
    spfAligned: false,
    source: "include and selector: https://github.com/Domain-Connect/Templates/blob/master/resend.com.mail.json ; cost: https://www.wirewiki.com/domains/wwwizer.com/spf (amazonses.com: 12 x ip4 -all), checked 2026",
  },
  zoho: {
    label: "Zoho Mail",
    spfInclude: "zohomail.com",
    // Not verified: no public copy of zohomail.com's record was found; 2 is a conservative estimate.
    lookups: 2,
    dkimFrom: "Zoho Mail Admin Console → Domains → Email configuration → DKIM (the selector you chose), then Verify there",
    dkimForms: { txt: true },
    spfAligned: true,
    source: "include: https://www.zoho.com/mail/help/adminconsole/spf-configuration.html ; cost: unverified estimate",
  },
  mailerlite: {
    label: "MailerLite",
    spfInclude: "_spf.mlsend.com",
    // Not verified: no public copy of _spf.mlsend.com's record was found; 2 is a conservative estimate.
    lookups: 2,
    dkimSelector: /^litesrv$/,
    dkimFrom: "MailerLite → Account settings → Domains → Authenticate (CNAME litesrv._domainkey), then Check records there",
    // DKIM is a CNAME litesrv._domainkey → litesrv._domainkey.mlsend.com, SPF include:_spf.mlsend.com, plus a
    // mailerlite-domain-verification TXT at the apex (https://www.mailerlite.com/help/how-to-verify-and-authenticate-your-domain).
    dkimForms: { txt: false, cname: /^litesrv\._domainkey\.mlsend\.com$/, cnameExample: "litesrv._domainkey.mlsend.com" },
    spfAligned: false,
    source: "include, DKIM and verification records: https://www.mailerlite.com/help/how-to-verify-and-authenticate-your-domain ; cost: unverified estimate",
  },
} as const satisfies Record<string, Sender>;

export type SenderId = keyof typeof SENDERS;
export const SENDER_IDS = Object.keys(SENDERS) as SenderId[];

export function isSenderId(id: string): id is SenderId {
  return Object.hasOwn(SENDERS, id);
}

/** A DKIM TXT value (v=DKIM1; ... p=...), as opposed to the host name a DKIM CNAME points to. */
export function isDkimKey(value: string): boolean {
  return /^v=DKIM1;/i.test(value) || /(^|;\s*)p=[A-Za-z0-9+/=]+/.test(value);
}

/** The DKIM record forms a sender gives, in words. */
export function dkimFormsText(sender: Sender): string {
  const forms = [
    ...(sender.dkimForms.txt ? ["a TXT key (v=DKIM1; k=rsa; p=...)"] : []),
    ...(sender.dkimForms.cnameExample === undefined ? [] : [`the host name its CNAME points to, such as ${sender.dkimForms.cnameExample}`]),
  ];
  return forms.join(" or ");
}

/** True when `value` (an email.dkim value) is in a form the sender gives. */
export function isSendersDkimForm(sender: Sender, value: string): boolean {
  return isDkimKey(value) ? sender.dkimForms.txt : sender.dkimForms.cname?.test(value.toLowerCase().replace(/\.$/, "")) === true;
}

/** The catalog sender whose SPF include this is, if any. */
export function senderByInclude(include: string): SenderId | undefined {
  return SENDER_IDS.find((id) => SENDERS[id].spfInclude === include.toLowerCase());
}
