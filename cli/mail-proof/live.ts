// The live proof, after `pulumi up`: the three messages go out through SES with the stack's configuration set to an
// address a person reads; the person then checks the headers the receiving provider added. With --simulator, the
// password reset also goes to SES's mailbox simulator, whose bounce and complaint come back to that person.
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from "@aws-sdk/client-sesv2";
import { receivedHeaderChecks, SHOW_ORIGINAL, type TransactionalMessage } from "../../lib/transactional-mail";
import type { MailSetup } from "./setup";

/**
 * SES's mailbox simulator (https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html, "Using the
 * mailbox simulator"): accepted in the sandbox, no effect on the account's reputation metrics, never put on the
 * suppression list.
 */
const SIMULATOR = {
  bounce: { address: "bounce@simulator.amazonses.com", expect: "the receiving side answers 550 5.1.1 (unknown user): SES sends a bounce notification" },
  complaint: { address: "complaint@simulator.amazonses.com", expect: "the message is accepted and marked as spam: SES sends a complaint notification" },
} as const;

export interface LiveSend {
  kind: TransactionalMessage["kind"];
  to: string;
  messageId?: string;
  error?: string;
}

/** The SendEmail request for one message: Simple content, the stack's configuration set, a tag naming the message. */
function sendEmailInput(setup: MailSetup, message: TransactionalMessage, from: { name: string; address: string }, to: string, feedbackTo?: string): SendEmailCommandInput {
  const data = (text: string) => ({ Data: text, Charset: "UTF-8" });
  return {
    FromEmailAddress: `${from.name} <${from.address}>`,
    Destination: { ToAddresses: [to] },
    Content: { Simple: { Subject: data(message.subject), Body: { Text: data(message.text), Html: data(message.html) } } },
    ConfigurationSetName: setup.configurationSet,
    EmailTags: [{ Name: "launch-ready-proof", Value: message.kind }],
    ...(feedbackTo === undefined ? {} : { FeedbackForwardingEmailAddress: feedbackTo }),
  };
}

/** Sends each message; SES's refusal of one (sandbox, unverified identity) is reported with it, not thrown. */
export async function sendLive(setup: MailSetup, messages: readonly TransactionalMessage[], from: { name: string; address: string }, to: string, simulator: boolean): Promise<LiveSend[]> {
  const client = new SESv2Client({ region: setup.region });
  const reset = messages.find((m) => m.kind === "password-reset")!;
  const sends = [
    ...messages.map((message) => ({ message, input: sendEmailInput(setup, message, from, to) })),
    ...(simulator ? Object.values(SIMULATOR).map(({ address }) => ({ message: reset, input: sendEmailInput(setup, reset, from, address, to) })) : []),
  ];
  try {
    const results: LiveSend[] = [];
    for (const { message, input } of sends) {
      const recipient = input.Destination?.ToAddresses?.[0] ?? to;
      try {
        const output = await client.send(new SendEmailCommand(input));
        results.push({ kind: message.kind, to: recipient, ...(output.MessageId === undefined ? {} : { messageId: output.MessageId }) });
      } catch (err) {
        const e = err as Error & { name: string };
        if (e.name === "CredentialsProviderError") throw err;
        results.push({ kind: message.kind, to: recipient, error: `${e.name}: ${e.message}` });
      }
    }
    return results;
  } finally {
    client.destroy();
  }
}

/** What the person checks in each received message, in the order a mail client shows them. */
export function liveChecks(setup: MailSetup, to: string, simulator: boolean): string[] {
  const lines = [
    `Open each message in ${to} and show its original (${SHOW_ORIGINAL}). Check:`,
    ...receivedHeaderChecks(setup.domain, setup.mailFromDomain).map((check, i) => `  ${i + 1}. ${check}`),
    "  Gmail's summary above the original shows the same: SPF PASS, DKIM PASS, DMARC PASS.",
  ];
  if (simulator) {
    lines.push(
      "",
      `Bounce and complaint handling (SES mailbox simulator). Within minutes ${to} receives:`,
      ...Object.values(SIMULATOR).map((s) => `  - for ${s.address}: ${s.expect}, forwarded to ${to}.`),
      `  Then check what your app does with them (stop mailing the address). The configuration set ${setup.configurationSet} suppresses real bounces and complaints; simulator addresses are never suppressed.`,
    );
  } else {
    lines.push("", `Bounces and complaints: run again with --simulator to send to ${Object.values(SIMULATOR).map((s) => s.address).join(" and ")}.`);
  }
  return lines;
}
