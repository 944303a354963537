import * as aws from "./aws-services";
import * as pulumi from "@pulumi/pulumi";
import { SES_SPF_INCLUDE, sesConfigurationSetName, sesFeedbackHost } from "../lib/mail-presets";
import { buildSpf, type SpfAll } from "../lib/spf";
import { FORMER_MAIL_COMPONENT, mailRecord } from "./mail-record";

export interface SendingIdentityArgs {
  /** The domain the app sends from, in punycode: SES verifies it and signs its mail with Easy DKIM. */
  domain: string;
  /** The Cloudflare zone that publishes the DKIM CNAMEs and the MAIL FROM records. */
  zoneId: pulumi.Input<string>;
  /** The SES region: the identity lives there and the MAIL FROM MX names its feedback host. */
  region: string;
  /** The custom MAIL FROM domain, a subdomain of `domain`: bounces go there, and SPF aligns with the From domain. */
  mailFromDomain: string;
  /** How the MAIL FROM domain's SPF ends. */
  spfAll: SpfAll;
}

/**
 * The SES sending identity of the domain: Easy DKIM with 2048-bit keys and its three CNAMEs, a custom MAIL FROM with
 * its MX and SPF, so SPF aligns, and a configuration set with reputation metrics that requires TLS.
 */
export class SendingIdentity extends pulumi.ComponentResource {
  /** SES's verdict on the identity: PENDING until the DKIM CNAMEs resolve. */
  public readonly verificationStatus: pulumi.Output<string>;

  constructor(name: string, args: SendingIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:mail:SendingIdentity", name, {}, opts);
    const { domain, zoneId, region, mailFromDomain } = args;
    // These were children of the former mail component of the same name: the alias lets `pulumi up` on an existing stack
    // keep them (a new identity would mean new DKIM keys and a new verification) instead of replacing them.
    const child: pulumi.CustomResourceOptions = { parent: this, aliases: [{ parent: pulumi.createUrn(name, FORMER_MAIL_COMPONENT, opts?.parent) }] };

    const configurationSet = new aws.sesv2.ConfigurationSet(
      `${name}-ses-config`,
      {
        configurationSetName: sesConfigurationSetName(domain),
        region,
        reputationOptions: { reputationMetricsEnabled: true },
        suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
        // Password-reset and invite links must not cross the internet in clear text.
        deliveryOptions: { tlsPolicy: "REQUIRE" },
      },
      child,
    );
    const identity = new aws.sesv2.EmailIdentity(
      `${name}-ses-identity`,
      {
        emailIdentity: domain,
        region,
        configurationSetName: configurationSet.configurationSetName,
        dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
      },
      child,
    );
    // Easy DKIM always has three tokens; they are unknown until SES creates the identity.
    for (let i = 0; i < 3; i++) {
      const token = identity.dkimSigningAttributes.apply((a) => a.tokens[i] ?? "");
      mailRecord(`${name}-ses-dkim-${i}`, zoneId, { type: "CNAME", name: pulumi.interpolate`${token}._domainkey.${domain}`, content: pulumi.interpolate`${token}.dkim.amazonses.com` }, child);
    }
    new aws.sesv2.EmailIdentityMailFromAttributes(
      `${name}-ses-mail-from`,
      {
        emailIdentity: identity.emailIdentity,
        region,
        mailFromDomain,
        // Until the MX below resolves, SES sends with its own MAIL FROM instead of refusing; DKIM still aligns.
        behaviorOnMxFailure: "USE_DEFAULT_VALUE",
      },
      child,
    );
    mailRecord(`${name}-mail-from-mx`, zoneId, { type: "MX", name: mailFromDomain, content: sesFeedbackHost(region), priority: 10 }, child);
    mailRecord(`${name}-mail-from-spf`, zoneId, { type: "TXT", name: mailFromDomain, content: buildSpf([SES_SPF_INCLUDE], args.spfAll) }, child);

    this.verificationStatus = identity.verificationStatus;
    this.registerOutputs({ verificationStatus: this.verificationStatus });
  }
}
