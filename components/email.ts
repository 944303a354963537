import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { LaunchSettings } from "../config";
import { buildDmarc, externalAuthorizations, type ExternalAuthorization } from "../lib/dmarc";
import { fqdn } from "../lib/domain";
import { inboundMx, receivesMail, SES_SPF_INCLUDE, sesConfigurationSetName, sesFeedbackHost } from "../lib/mail-presets";
import { isDkimKey, SENDERS, type Sender } from "../lib/senders";
import { buildSpf, planSpf } from "../lib/spf";
import { MtaSts } from "./mta-sts";

export interface EmailArgs {
  /** The domain, in punycode. */
  domain: string;
  zoneId: pulumi.Input<string>;
  /** The Cloudflare account (the MTA-STS Worker runs in it). */
  accountId: string;
  /** Whether the zone is active: the MTA-STS policy host (a Workers custom domain) needs it. */
  zoneActive: boolean;
  /** The SES region: the identity lives there and the MAIL FROM MX names it. */
  awsRegion: string;
  email: LaunchSettings["email"];
}

/** Mail records are never proxied; an hour keeps changes quick without hammering resolvers. */
const MAIL_TTL = 3600;

/**
 * Mail that lands in inboxes: the SES sending identity (Easy DKIM with 2048-bit keys, custom MAIL FROM so SPF aligns,
 * a configuration set with reputation metrics), the apex SPF from the sender catalog, DMARC, the inbound MX preset or a
 * null MX, other senders' DKIM keys, and MTA-STS with TLS-RPT when the domain receives mail.
 */
export class Email extends pulumi.ComponentResource {
  /** SES's verdict on the identity (PENDING until the DKIM CNAMEs resolve); undefined without SES. */
  public readonly sesVerificationStatus: pulumi.Output<string> | undefined;
  /** Steps no code can take: verification waits, the sandbox, keys to fetch, receivers to ask. */
  public readonly needsAPerson: string[];
  /** Report addresses outside the domain and the record each receiver must publish. */
  public readonly dmarcReportAuthorizations: ExternalAuthorization[];

  constructor(name: string, args: EmailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:mail:Email", name, {}, opts);
    const { domain, zoneId, email } = args;
    const record = (role: string, inputs: Omit<cloudflare.DnsRecordArgs, "zoneId" | "ttl" | "proxied">) =>
      new cloudflare.DnsRecord(`${name}-${role}`, { zoneId, ttl: MAIL_TTL, proxied: false, ...inputs }, { parent: this, deleteBeforeReplace: true });

    const needsAPerson: string[] = [];

    if (email.transactional === "ses") {
      const mailFromDomain = fqdn(email.mailFromSubdomain, domain);
      const configurationSet = new aws.sesv2.ConfigurationSet(
        `${name}-ses-config`,
        {
          configurationSetName: sesConfigurationSetName(domain),
          region: args.awsRegion,
          reputationOptions: { reputationMetricsEnabled: true },
          suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
          // Password-reset and invite links must not cross the internet in clear text.
          deliveryOptions: { tlsPolicy: "REQUIRE" },
        },
        { parent: this },
      );
      const identity = new aws.sesv2.EmailIdentity(
        `${name}-ses-identity`,
        {
          emailIdentity: domain,
          region: args.awsRegion,
          configurationSetName: configurationSet.configurationSetName,
          dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
        },
        { parent: this },
      );
      // Easy DKIM always has three tokens; they are unknown until SES creates the identity.
      for (let i = 0; i < 3; i++) {
        const token = identity.dkimSigningAttributes.apply((a) => a.tokens[i] ?? "");
        record(`ses-dkim-${i}`, {
          type: "CNAME",
          name: pulumi.interpolate`${token}._domainkey.${domain}`,
          content: pulumi.interpolate`${token}.dkim.amazonses.com`,
        });
      }
      new aws.sesv2.EmailIdentityMailFromAttributes(
        `${name}-ses-mail-from`,
        {
          emailIdentity: identity.emailIdentity,
          region: args.awsRegion,
          mailFromDomain,
          // Until the MX below resolves, SES sends with its own MAIL FROM instead of refusing; DKIM still aligns.
          behaviorOnMxFailure: "USE_DEFAULT_VALUE",
        },
        { parent: this },
      );
      record("mail-from-mx", { type: "MX", name: mailFromDomain, content: sesFeedbackHost(args.awsRegion), priority: 10 });
      record("mail-from-spf", { type: "TXT", name: mailFromDomain, content: buildSpf([SES_SPF_INCLUDE], email.spfAll) });

      this.sesVerificationStatus = identity.verificationStatus;
      needsAPerson.push(
        `SES verifies ${domain} once its three DKIM CNAMEs resolve, which can take up to 72 hours: run \`pulumi refresh\` and check sesVerificationStatus is SUCCESS before relying on mail.`,
        `New SES accounts are in the sandbox and can only send to verified addresses: request production access for ${args.awsRegion} in the SES console (Account dashboard → Request production access); it is a support request, not code.`,
      );
    } else {
      this.sesVerificationStatus = undefined;
    }

    const spf = planSpf(email.senders, email.spfIncludes);
    record("spf", { type: "TXT", name: domain, content: buildSpf(spf.includes.map((i) => i.domain), email.spfAll) });
    record("dmarc", { type: "TXT", name: fqdn("_dmarc", domain), content: buildDmarc(email.dmarc) });

    for (const { selector, value } of email.dkim) {
      record(`dkim-${selector}`, { type: isDkimKey(value) ? "TXT" : "CNAME", name: `${selector}._domainkey.${domain}`, content: value });
    }
    for (const id of email.senders) {
      const sender: Sender = SENDERS[id];
      const published = email.dkim.some((d) => sender.dkimSelector === undefined || sender.dkimSelector.test(d.selector));
      // The key often exists only once the provider has verified the domain; signing is a separate switch there.
      needsAPerson.push(
        published
          ? `Turn on DKIM signing at ${sender.label} once its key resolves: ${sender.dkimFrom}.`
          : `Publish ${sender.label}'s DKIM key and turn signing on: copy the key from ${sender.dkimFrom}, put it in email.dkim and run pulumi up again.`,
      );
    }

    const mx = inboundMx(email.inbound, domain);
    mx.forEach((m, i) => record(mx.length === 1 ? "mx" : `mx-${i}`, { type: "MX", name: domain, content: m.exchange, priority: m.priority }));
    if (receivesMail(mx)) {
      new MtaSts(
        `${name}-mta-sts`,
        { domain, zoneId, accountId: args.accountId, zoneActive: args.zoneActive, mxHosts: mx.map((m) => m.exchange), reportAddresses: email.dmarc.rua },
        { parent: this },
      );
      if (!args.zoneActive) {
        needsAPerson.push("MTA-STS starts once Cloudflare shows the zone Active: then set launch-ready:cloudflare.zoneActive to true and run pulumi up again.");
      }
    }

    this.dmarcReportAuthorizations = externalAuthorizations(domain, email.dmarc.rua);
    for (const auth of this.dmarcReportAuthorizations) {
      needsAPerson.push(`DMARC reports for ${auth.address} are only sent once its domain publishes TXT ${auth.name} "${auth.value}": ask its administrator (report services do this for you).`);
    }
    this.needsAPerson = needsAPerson;

    this.registerOutputs({
      sesVerificationStatus: this.sesVerificationStatus,
      needsAPerson: this.needsAPerson,
      dmarcReportAuthorizations: this.dmarcReportAuthorizations,
    });
  }
}
