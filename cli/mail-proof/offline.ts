// The offline proof: each of the three messages, built as SES delivers it and signed with the test zone's DKIM key
// under the plan's first SES selector, is received by mailauth (the library receivers' code uses) from an SES address,
// with every DNS question going to the test zone's DNS server on loopback.
import { randomUUID } from "node:crypto";
import dns from "node:dns";
import { authenticate } from "mailauth";
import { dkimSign } from "mailauth/lib/dkim/sign";
import { sesDeliveredMessage, sesEnvelopeSender, type MessageKind, type TransactionalMessage } from "../../lib/transactional-mail";
import { startDnsServer, type ServedRecord } from "./dns-server";
import type { MailSetup } from "./setup";

/** An address inside 54.240.0.0/18, one of the ranges amazonses.com's SPF record lists. */
export const SES_SENDING_IP = "54.240.8.15";
const RECEIVER = "mx.receiver.test";

interface MessageProof {
  kind: MessageKind;
  subject: string;
  from: string;
  returnPath: string;
  spf: { result: string; domain: string; aligned: boolean };
  dkim: { result: string; domain: string; selector: string; aligned: boolean };
  /** The published p=, and the policy receivers apply (one step softer while t=y). */
  dmarc: { result: string; published: string; applied: string };
  /** The Authentication-Results header mailauth writes, as a receiving server adds it. */
  authenticationResults: string;
  passed: boolean;
}

export interface OfflineProof {
  dnsServer: string;
  dnsQueries: number;
  messages: MessageProof[];
}

/** A fresh SES-style message id: 16 hex digits of time, a UUID, "-000000". */
const sesMessageId = (date: Date) => `${date.getTime().toString(16).padStart(16, "0")}-${randomUUID()}-000000`;

export async function proveOffline(
  setup: MailSetup,
  zone: { records: ServedRecord[]; privateKey: string },
  messages: readonly TransactionalMessage[],
  from: { name: string; address: string },
): Promise<OfflineProof> {
  const server = await startDnsServer(zone.records);
  try {
    const resolver = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`${server.host}:${server.port}`]);
    const resolve = (name: string, rrtype: string) => resolver.resolve(name, rrtype);
    const selector = setup.dkimSelectors[0]!;
    const proofs: MessageProof[] = [];
    for (const message of messages) {
      const date = new Date();
      const delivery = { from, to: "client@receiver.test", sesMessageId: sesMessageId(date), region: setup.region, mailFromDomain: setup.mailFromDomain, date, sendingIp: SES_SENDING_IP };
      const raw = sesDeliveredMessage(message, delivery);
      const { signatures, errors } = await dkimSign(raw, { canonicalization: "relaxed/relaxed", algorithm: "rsa-sha256", signatureData: [{ signingDomain: setup.domain, selector, privateKey: zone.privateKey }] });
      if (errors.length > 0) throw new Error(`DKIM signing failed: ${JSON.stringify(errors)}`);
      const envelope = sesEnvelopeSender(delivery);
      const received = `Return-Path: <${envelope}>\r\n${signatures}${raw}`;
      const result = await authenticate(received, { sender: envelope, ip: SES_SENDING_IP, helo: `a8-15.smtp-out.${setup.region}.amazonses.com`, mta: RECEIVER, resolver: resolve, disableArc: true, disableBimi: true });
      const signature = result.dkim.results.find((r) => r.signingDomain === setup.domain) ?? result.dkim.results[0];
      const spfAligned = Boolean(result.dmarc.alignment?.spf.result);
      const dkimAligned = Boolean(signature?.status.aligned);
      const proof: MessageProof = {
        kind: message.kind,
        subject: message.subject,
        from: `${from.name} <${from.address}>`,
        returnPath: envelope,
        spf: { result: result.spf.status.result, domain: result.spf.domain, aligned: spfAligned },
        dkim: { result: signature?.status.result ?? "none", domain: signature?.signingDomain ?? "", selector: signature?.selector ?? "", aligned: dkimAligned },
        dmarc: { result: result.dmarc.status.result, published: result.dmarc.p ?? result.dmarc.policy, applied: result.dmarc.policy },
        authenticationResults: result.headers.trim(),
        passed: false,
      };
      proof.passed = proof.spf.result === "pass" && spfAligned && proof.dkim.result === "pass" && dkimAligned && proof.dmarc.result === "pass";
      proofs.push(proof);
    }
    return { dnsServer: `${server.host}:${server.port}`, dnsQueries: server.queries(), messages: proofs };
  } finally {
    await server.stop();
  }
}
