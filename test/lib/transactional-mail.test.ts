import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MESSAGE_KINDS, sesDeliveredMessage, sesEnvelopeSender, sesMessageIdDomain, transactionalMessages, type SesDelivery } from "../../lib/transactional-mail";

const DELIVERY: SesDelivery = {
  from: { name: "Brightpath Coaching", address: "noreply@brightpath-coaching.com" },
  to: "client@example.org",
  sesMessageId: "0102019c2f5a7b10-6f1e0c6a-2f4d-4c21-9d0e-7b5f1e2a3c4d-000000",
  region: "eu-west-1",
  mailFromDomain: "mail.brightpath-coaching.com",
  date: new Date("2026-11-27T10:00:00Z"),
  sendingIp: "54.240.8.15",
};
const messages = transactionalMessages("Brightpath Coaching", "https://app.brightpath-coaching.com");
const headersOf = (raw: string) => raw.split("\r\n\r\n")[0]!.split("\r\n");

describe("transactional messages", () => {
  it("are the three a coaching SaaS cannot lose, each with a link into the app", () => {
    expect(messages.map((m) => [m.kind, m.subject])).toEqual([
      ["password-reset", "Reset your Brightpath Coaching password"],
      ["invite", "You are invited to Brightpath Coaching"],
      ["booking-confirmation", "Booking confirmed: Friday 10:00"],
    ]);
    expect(messages.map((m) => m.kind)).toEqual([...MESSAGE_KINDS]);
    for (const m of messages) {
      expect(m.text).toMatch(/\nhttps:\/\/app\.brightpath-coaching\.com\/\S+\n/);
      expect(m.html).toContain('<a href="https://app.brightpath-coaching.com/');
    }
  });

  it("are delivered with the headers SES sets: its own Message-ID and Date, Feedback-ID and X-SES-Outgoing", () => {
    expect(headersOf(sesDeliveredMessage(messages[0]!, DELIVERY))).toEqual([
      "From: Brightpath Coaching <noreply@brightpath-coaching.com>",
      "To: client@example.org",
      "Subject: Reset your Brightpath Coaching password",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="=_proof_0102019c2f5a7b106f1e0c6a"',
      "Message-ID: <0102019c2f5a7b10-6f1e0c6a-2f4d-4c21-9d0e-7b5f1e2a3c4d-000000@eu-west-1.amazonses.com>",
      "Date: Fri, 27 Nov 2026 10:00:00 +0000",
      "Feedback-ID: 1.eu-west-1.bm9yZXBseUBicmlnaHRwYXRoLWNvYWNoaW5nLmNvbTpwYXNzd29yZC1yZXNldA=:AmazonSES",
      "X-SES-Outgoing: 2026.11.27-54.240.8.15",
    ]);
    expect(sesEnvelopeSender(DELIVERY)).toBe("0102019c2f5a7b10-6f1e0c6a-2f4d-4c21-9d0e-7b5f1e2a3c4d-000000@mail.brightpath-coaching.com");
    expect([sesMessageIdDomain("us-east-1"), sesMessageIdDomain("eu-west-1")]).toEqual(["email.amazonses.com", "eu-west-1.amazonses.com"]);
  });

  it("carry a text and an HTML part, and end with the closing boundary", () => {
    const raw = sesDeliveredMessage(messages[2]!, DELIVERY);
    const boundary = "=_proof_0102019c2f5a7b106f1e0c6a";
    expect(raw.split(`--${boundary}\r\n`)).toHaveLength(3);
    expect(raw).toContain("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nYour session on Friday");
    expect(raw).toContain("Content-Type: text/html; charset=UTF-8");
    expect(raw.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  it("refuse a subject or name that would start a new header", () => {
    expect(() => sesDeliveredMessage({ ...messages[0]!, subject: "Hi\r\nBcc: all@example.org" }, DELIVERY)).toThrow('The subject must be one line; received "Hi\\r\\nBcc: all@example.org".');
    expect(() => transactionalMessages("Evil\nBcc: x@example.org", "https://app.example.com")).toThrow("The brand must be one line");
  });

  it("property: any one-line subject and name give CRLF-only lines under 998 characters, the same text for the same input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }).filter((s) => !/[\r\n]/.test(s)), fc.string({ maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)), (subject, name) => {
        const delivery = { ...DELIVERY, from: { ...DELIVERY.from, name } };
        const raw = sesDeliveredMessage({ ...messages[1]!, subject }, delivery);
        expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
        expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
        expect(headersOf(raw)).toHaveLength(9);
        expect(sesDeliveredMessage({ ...messages[1]!, subject }, delivery)).toBe(raw);
      }),
    );
  });
});
