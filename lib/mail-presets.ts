/**
 * Where the domain's incoming mail goes. Each preset is the provider's published MX set; `none` is the null MX of
 * RFC 7505, which tells senders the domain accepts no mail so they bounce at once instead of retrying for days.
 */
export const INBOUND_PRESETS = ["google-workspace", "microsoft-365", "none"] as const;
export type InboundPreset = (typeof INBOUND_PRESETS)[number];

export interface MxRecord {
  priority: number;
  /** Host name, or "." for the null MX. */
  exchange: string;
}

/** The null MX (RFC 7505 §3): preference 0, exchange "."; Cloudflare takes it as content "." (github.com/vojtechmares/terraform-cloudflare-no-mail). */
export const NULL_MX: MxRecord = { priority: 0, exchange: "." };

/**
 * The MX records of a preset for a domain (punycode).
 * - Google Workspace: the five aspmx hosts (https://support.google.com/a/answer/140034).
 * - Microsoft 365: `<domain with dots as hyphens>.mail.protection.outlook.com`, preference 0; the admin center shows the
 *   exact host (domains added since 2024 may be given a `*.mx.microsoft` host instead).
 */
export function inboundMx(preset: InboundPreset, domain: string): MxRecord[] {
  switch (preset) {
    case "google-workspace":
      return [
        { priority: 1, exchange: "aspmx.l.google.com" },
        { priority: 5, exchange: "alt1.aspmx.l.google.com" },
        { priority: 5, exchange: "alt2.aspmx.l.google.com" },
        { priority: 10, exchange: "alt3.aspmx.l.google.com" },
        { priority: 10, exchange: "alt4.aspmx.l.google.com" },
      ];
    case "microsoft-365":
      return [{ priority: 0, exchange: `${domain.replace(/\./g, "-")}.mail.protection.outlook.com` }];
    case "none":
      return [NULL_MX];
  }
}

/** True when the MX set accepts mail (anything but the null MX). */
export function receivesMail(mx: readonly MxRecord[]): boolean {
  return mx.some((m) => m.exchange !== "." && m.exchange !== "");
}

/** The SES feedback host that must be the MX of the custom MAIL FROM domain (AWS SES developer guide, mail-from.html). */
export function sesFeedbackHost(region: string): string {
  return `feedback-smtp.${region}.amazonses.com`;
}

/** The SPF of the custom MAIL FROM domain: SES's servers only. */
export const SES_SPF_INCLUDE = "amazonses.com";

/** The SES configuration set's name for a domain: letters, digits and hyphens, at most 64 characters. */
export function sesConfigurationSetName(domain: string): string {
  return `launch-ready-${domain.replace(/[^a-z0-9-]+/g, "-")}`.slice(0, 64).replace(/-+$/, "");
}

/**
 * amazonses.com's SPF record as the offline mail proof and the mail tests serve it: the ranges SES has long published
 * (a subset of the live record; `dig TXT amazonses.com` shows it whole).
 */
export const AMAZONSES_SPF_RECORD = "v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 ip4:23.249.208.0/20 -all";
