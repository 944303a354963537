import * as pulumi from "@pulumi/pulumi";
import { buildDmarc, type DmarcInput } from "../lib/dmarc";
import { fqdn } from "../lib/domain";
import { receivesMail, type MxRecord } from "../lib/mail-presets";
import { isDkimKey } from "../lib/senders";
import { buildSpf, type SpfAll } from "../lib/spf";
import { FORMER_MAIL_COMPONENT, mailRecord } from "./mail-record";
import { MtaSts } from "./mta-sts";

export interface MailRecordsArgs {
  /** The domain, in punycode. */
  domain: string;
  zoneId: pulumi.Input<string>;
  /** The Cloudflare account (the MTA-STS Worker runs in it). */
  accountId: string;
  /** Whether the zone is active: the MTA-STS policy host (a Workers custom domain) needs it. */
  zoneActive: boolean;
  /** The include domains of the apex SPF record, in order: one per service that sends as the domain. */
  spfIncludes: readonly string[];
  /** How the apex SPF ends. */
  spfAll: SpfAll;
  dmarc: DmarcInput;
  /** Other senders' DKIM records: a key (TXT) or the host its CNAME points to, under each selector. */
  dkim: readonly { selector: string; value: string }[];
  /** The apex MX set: a mailbox provider's hosts, or the null MX when the domain receives no mail. */
  mx: readonly MxRecord[];
  /** Where TLS failure reports (TLS-RPT) go when the domain receives mail; none when empty. */
  tlsReportAddresses: readonly string[];
}

/**
 * The domain's mail DNS: the apex SPF, DMARC, other senders' DKIM keys, the apex MX (or the null MX), and MTA-STS with
 * TLS-RPT when the domain receives mail. The SES records are the SendingIdentity's.
 */
export class MailRecords extends pulumi.ComponentResource {
  constructor(name: string, args: MailRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
    // It was the former mail component: its children keep their names and inherit the alias, so none is replaced.
    super("launch-ready:mail:MailRecords", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: FORMER_MAIL_COMPONENT }] });
    const { domain, zoneId } = args;
    const child = { parent: this };

    mailRecord(`${name}-spf`, zoneId, { type: "TXT", name: domain, content: buildSpf(args.spfIncludes, args.spfAll) }, child);
    mailRecord(`${name}-dmarc`, zoneId, { type: "TXT", name: fqdn("_dmarc", domain), content: buildDmarc(args.dmarc) }, child);
    for (const { selector, value } of args.dkim) {
      mailRecord(`${name}-dkim-${selector}`, zoneId, { type: isDkimKey(value) ? "TXT" : "CNAME", name: `${selector}._domainkey.${domain}`, content: value }, child);
    }
    args.mx.forEach((m, i) => mailRecord(args.mx.length === 1 ? `${name}-mx` : `${name}-mx-${i}`, zoneId, { type: "MX", name: domain, content: m.exchange, priority: m.priority }, child));

    if (receivesMail(args.mx)) {
      new MtaSts(
        `${name}-mta-sts`,
        { domain, zoneId, accountId: args.accountId, zoneActive: args.zoneActive, mxHosts: args.mx.map((m) => m.exchange), reportAddresses: args.tlsReportAddresses },
        child,
      );
    }

    this.registerOutputs({});
  }
}
