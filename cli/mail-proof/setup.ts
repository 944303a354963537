// What the mail proof needs from a plan: the SES identity's domain, region, configuration set and MAIL FROM domain,
// the DKIM selectors (the tokens of SES's three CNAMEs), and a test zone: the plan's DNS records plus what the rest of
// the internet serves for them (amazonses.com's SPF, and at each <token>.dkim.amazonses.com a DKIM key whose private
// half the proof signs with, as SES holds the real one).
import { generateKeyPairSync } from "node:crypto";
import { z } from "zod";
import { AMAZONSES_SPF_RECORD } from "../../lib/mail-presets";
import { TYPES } from "../../model/type-tokens";
import { resourcesOf, type PlanDocument } from "../../model/plan-document";
import { inputsOf, plannedRecords } from "../../model/planned-records";
import { mailFromDomain } from "../plan/documents/plan-view";
import type { ServedRecord } from "./dns-server";

const CONFIGURATION_SET = "aws:sesv2/configurationSet:ConfigurationSet";
const SES_DKIM_ZONE = "dkim.amazonses.com";
const SERVED_TYPES: ReadonlySet<string> = new Set(["A", "AAAA", "CNAME", "MX", "TXT"]);

export interface MailSetup {
  domain: string;
  region: string;
  configurationSet: string;
  mailFromDomain: string;
  /** The Easy DKIM tokens, as the plan's CNAME names hold them. */
  dkimSelectors: string[];
  /** Where the links in the messages point: app.<domain> when the stack publishes it. */
  appOrigin: string;
}

export interface TestZone {
  records: ServedRecord[];
  /** PKCS#8 PEM of the key published at every <token>.dkim.amazonses.com. */
  privateKey: string;
}

const identityInputs = z.object({ region: z.string() });
const configurationSetInputs = z.object({ configurationSetName: z.string() });

/** The stack's SES sending set-up, or a sentence saying why the stack has none. */
export function mailSetup(doc: PlanDocument): MailSetup | string {
  const identity = resourcesOf(doc, TYPES.sesEmailIdentity)[0];
  const configurationSet = resourcesOf(doc, CONFIGURATION_SET)[0];
  const mailFrom = mailFromDomain(doc);
  if (identity === undefined || configurationSet === undefined) {
    return `stack ${doc.stack} does not send with SES (launch-ready:email.transactional is "none"), so there is no mail of this stack to prove.`;
  }
  if (mailFrom === undefined) return `stack ${doc.stack} has no custom MAIL FROM domain, so SPF cannot align.`;
  const records = plannedRecords(doc);
  const dkimSelectors = records.flatMap((record) => {
    const match = new RegExp(`^([^.]+)\\._domainkey\\.${doc.domain.replace(/\./g, "\\.")}$`).exec(record.name);
    return record.type === "CNAME" && match !== null && record.content.endsWith(`.${SES_DKIM_ZONE}`) ? [match[1]!] : [];
  });
  if (dkimSelectors.length === 0) return `stack ${doc.stack} publishes no SES DKIM CNAME (<token>._domainkey.${doc.domain} → <token>.${SES_DKIM_ZONE}).`;
  const hasApp = records.some((record) => record.name === `app.${doc.domain}`);
  return {
    domain: doc.domain,
    region: inputsOf(identity, identityInputs).region,
    configurationSet: inputsOf(configurationSet, configurationSetInputs).configurationSetName,
    mailFromDomain: mailFrom,
    dkimSelectors,
    appOrigin: `https://${hasApp ? `app.${doc.domain}` : doc.domain}`,
  };
}

/**
 * The plan's DNS-only records (proxied ones are answered with Cloudflare's addresses and carry no mail records) with a
 * fresh 2048-bit DKIM key, the size the stack asks SES for, behind every SES DKIM CNAME.
 */
export function testZone(doc: PlanDocument, setup: MailSetup): TestZone {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
  const planned = plannedRecords(doc).flatMap(({ name, type: recordType, proxied, content, priority }): ServedRecord[] => {
    if (proxied || !SERVED_TYPES.has(recordType)) return [];
    const type = recordType as ServedRecord["type"];
    return [type === "MX" ? { name, type, data: content, priority: priority ?? 0 } : { name, type, data: content }];
  });
  return {
    records: [
      ...planned,
      { name: "amazonses.com", type: "TXT", data: AMAZONSES_SPF_RECORD },
      ...setup.dkimSelectors.map((token): ServedRecord => ({ name: `${token}.${SES_DKIM_ZONE}`, type: "TXT", data: key })),
    ],
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
