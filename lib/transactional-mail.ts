/**
 * The three messages a coaching SaaS cannot lose (a password reset, an invite, a booking confirmation), and each one
 * as SES hands it to the receiving server: the app's headers and body plus what SES sets itself. SES replaces Date and
 * Message-ID with its own (https://docs.aws.amazon.com/ses/latest/dg/header-fields.html) and adds Feedback-ID and
 * X-SES-Outgoing, as received SES mail shows. The envelope sender (the receiver's Return-Path) is
 * `<SES message id>@<MAIL FROM domain>` once the custom MAIL FROM is verified. Pure: plain values in, text out.
 */

export const MESSAGE_KINDS = ["password-reset", "invite", "booking-confirmation"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface TransactionalMessage {
  kind: MessageKind;
  subject: string;
  text: string;
  html: string;
}

/** A line of a header or body must not carry CR or LF of its own: one would start a new header (header injection). */
function oneLine(value: string, what: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${what} must be one line; received ${JSON.stringify(value)}.`);
  return value;
}

/** The three messages for a product at `appOrigin` (https://app.example.com), signed off with `brand`. */
export function transactionalMessages(brand: string, appOrigin: string): TransactionalMessage[] {
  oneLine(brand, "The brand");
  const page = (title: string, lines: string[], link: string) => ({
    text: [...lines, "", link, "", `${brand}`].join("\n"),
    html: `<!doctype html><html><body><h1>${title}</h1>${lines.map((l) => `<p>${l}</p>`).join("")}<p><a href="${link}">${link}</a></p><p>${brand}</p></body></html>`,
  });
  return [
    {
      kind: "password-reset",
      subject: `Reset your ${brand} password`,
      ...page("Reset your password", ["Someone asked to reset the password of your account.", "The link works once, for one hour. If it was not you, ignore this e-mail."], `${appOrigin}/reset-password?token=proof-reset-token`),
    },
    {
      kind: "invite",
      subject: `You are invited to ${brand}`,
      ...page("You are invited", ["Your coach invited you to book sessions and share notes.", "Accept the invitation to create your account."], `${appOrigin}/invite/proof-invite-code`),
    },
    {
      kind: "booking-confirmation",
      subject: `Booking confirmed: Friday 10:00`,
      ...page("Booking confirmed", ["Your session on Friday at 10:00 (60 minutes) is booked.", "You can move or cancel it up to 24 hours before."], `${appOrigin}/bookings/proof-booking`),
    },
  ];
}

export interface SesDelivery {
  from: { name: string; address: string };
  to: string;
  /** SES's message id, e.g. 0102019c2f5a7b10-6f1e0c6a-2f4d-4c21-9d0e-7b5f1e2a3c4d-000000. */
  sesMessageId: string;
  region: string;
  mailFromDomain: string;
  date: Date;
  /** The SES server's address the receiver sees. */
  sendingIp: string;
}

/** The Message-ID domain SES uses: email.amazonses.com in us-east-1, <region>.amazonses.com elsewhere. */
export const sesMessageIdDomain = (region: string) => (region === "us-east-1" ? "email.amazonses.com" : `${region}.amazonses.com`);

/** The envelope sender SES uses with a custom MAIL FROM domain; the receiver writes it as Return-Path. */
export const sesEnvelopeSender = (d: Pick<SesDelivery, "sesMessageId" | "mailFromDomain">) => `${d.sesMessageId}@${d.mailFromDomain}`;

/** RFC 5322 date, e.g. "Fri, 27 Nov 2026 10:00:00 +0000". */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

/**
 * The message as SES delivers it, before any DKIM signature (the signer puts those on top), CRLF line ends. The body
 * is multipart/alternative with a text and an HTML part, as SES builds it from SendEmail's Simple content.
 */
export function sesDeliveredMessage(message: TransactionalMessage, d: SesDelivery): string {
  oneLine(message.subject, "The subject");
  oneLine(d.from.name, "The sender's name");
  const boundary = `=_proof_${d.sesMessageId.replace(/[^0-9a-f]/g, "").slice(0, 24)}`;
  const day = d.date.toISOString().slice(0, 10).replace(/-/g, ".");
  const headers = [
    `From: ${/^[\w .'-]*$/.test(d.from.name) ? d.from.name : JSON.stringify(d.from.name)} <${d.from.address}>`,
    `To: ${d.to}`,
    `Subject: ${message.subject}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    `Message-ID: <${d.sesMessageId}@${sesMessageIdDomain(d.region)}>`,
    `Date: ${rfc5322Date(d.date)}`,
    `Feedback-ID: 1.${d.region}.${Buffer.from(`${d.from.address}:${message.kind}`).toString("base64").replace(/=+$/, "")}=:AmazonSES`,
    `X-SES-Outgoing: ${day}-${d.sendingIp}`,
  ];
  const part = (type: string, body: string) => [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, "Content-Transfer-Encoding: 7bit", "", body];
  const body = [...part("text/plain", message.text), ...part("text/html", message.html), `--${boundary}--`, ""];
  return [...headers, "", ...body].join("\n").replace(/\r?\n/g, "\r\n");
}

/** Where mail clients show a message's headers. */
export const SHOW_ORIGINAL = "Gmail: ⋮ → Show original; Outlook: ⋯ → View → View message source";

/** What a person checks in the headers of a message the stack sent, as the receiving provider wrote them. */
export function receivedHeaderChecks(domain: string, mailFromDomain: string): string[] {
  return [
    `Authentication-Results (written by your provider) says spf=pass with smtp.mailfrom=…@${mailFromDomain}.`,
    `It says dkim=pass with header.d=${domain} (header.i=@${domain}). A second dkim=pass for amazonses.com is SES's own signature and is normal.`,
    `It says dmarc=pass with header.from=${domain}.`,
    `Return-Path ends in @${mailFromDomain}. A Return-Path at amazonses.com means SES has not verified the MAIL FROM domain yet (its MX is not visible); DMARC still passes through DKIM, but SPF does not align.`,
    "The message is in the inbox, not in spam, and its links point at your app.",
  ];
}
