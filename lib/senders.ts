/**
 * Mail senders a SaaS commonly uses, with what each needs in the apex SPF record.
 * `lookups` is the number of DNS-querying terms (RFC 7208 §4.6.4) the include costs, nested includes counted.
 */
export interface Sender {
  /** Human name, for reports. */
  label: string;
  /** The SPF include domain the sender documents. */
  spfInclude: string;
  /** DNS lookups the include costs, itself and nested ones. */
  lookups: number;
  /** Where the figure comes from. */
  source: string;
}

export const SENDERS = {
  "google-workspace": {
    label: "Google Workspace",
    spfInclude: "_spf.google.com",
    lookups: 4, // _spf.google.com includes _netblocks, _netblocks2 and _netblocks3
    source: "https://support.google.com/a/answer/10685031",
  },
  "microsoft-365": {
    label: "Microsoft 365",
    spfInclude: "spf.protection.outlook.com",
    lookups: 2, // spf.protection.outlook.com includes spfd.protection.outlook.com
    source: "https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure",
  },
  postmark: {
    label: "Postmark",
    spfInclude: "spf.mtasv.net",
    lookups: 1,
    source: "https://postmarkapp.com/support/article/1092-how-do-i-set-up-spf-for-postmark",
  },
  sendgrid: {
    label: "SendGrid",
    spfInclude: "sendgrid.net",
    lookups: 1,
    source: "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/spf-records",
  },
  mailgun: {
    label: "Mailgun",
    spfInclude: "mailgun.org",
    lookups: 3, // mailgun.org includes _spf.mailgun.org, which includes _spf.eu.mailgun.org
    source: "https://help.mailgun.com/hc/en-us/articles/360026833053",
  },
  resend: {
    label: "Resend",
    spfInclude: "amazonses.com",
    lookups: 1, // Resend sends through Amazon SES
    source: "https://resend.com/docs/dashboard/domains/introduction",
  },
  zoho: {
    label: "Zoho Mail",
    spfInclude: "zohomail.com",
    lookups: 2,
    source: "https://www.zoho.com/mail/help/adminconsole/spf-configuration.html",
  },
} as const satisfies Record<string, Sender>;

export type SenderId = keyof typeof SENDERS;
export const SENDER_IDS = Object.keys(SENDERS) as SenderId[];

export function isSenderId(id: string): id is SenderId {
  return Object.hasOwn(SENDERS, id);
}
