import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { fqdn } from "../lib/domain";
import {
  buildMtaStsPolicy,
  buildMtaStsRecord,
  buildTlsRpt,
  MTA_STS_HOST,
  MTA_STS_MAX_AGE_SECONDS,
  MTA_STS_RECORD,
  mtaStsWorkerName,
  mtaStsWorkerScript,
  TLS_RPT_RECORD,
} from "../lib/mta-sts";
import { mailRecord } from "./mail-record";

export interface MtaStsArgs {
  /** The domain, in punycode. */
  domain: string;
  zoneId: pulumi.Input<string>;
  /** The Cloudflare account that runs the Worker serving the policy. */
  accountId: string;
  /**
   * Whether the zone is active. Cloudflare attaches a Workers custom domain only to an active zone, so until then
   * neither the policy host nor the _mta-sts record (which would announce a policy nobody serves) is created.
   */
  zoneActive: boolean;
  /** The MX hosts the policy allows: the inbound preset's. */
  mxHosts: readonly string[];
  /** Where TLS failure reports go; no TLS-RPT record when empty. */
  reportAddresses: readonly string[];
}

/**
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) for a domain that receives mail: senders that support it only deliver over
 * TLS to the listed MX hosts, and report failures. The policy is in `testing` mode: failures are reported, mail is never
 * refused. It is served from https://mta-sts.<domain>/.well-known/mta-sts.txt by a Cloudflare Worker on a Workers custom
 * domain, which brings its own DNS record and certificate and works on the Free plan (no Ruleset phase is used).
 * TLS-RPT needs nothing from the zone and is published from the first `pulumi up`.
 */
export class MtaSts extends pulumi.ComponentResource {
  /** The policy text served. */
  public readonly policy: string;
  /** The host serving the policy. */
  public readonly policyHost: string;

  constructor(name: string, args: MtaStsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:mail:MtaSts", name, {}, opts);
    const { domain, zoneId } = args;

    this.policy = buildMtaStsPolicy({ mode: "testing", mx: args.mxHosts, maxAgeSeconds: MTA_STS_MAX_AGE_SECONDS });
    this.policyHost = fqdn(MTA_STS_HOST, domain);

    if (args.zoneActive) {
      const script = new cloudflare.WorkersScript(
        `${name}-policy`,
        {
          accountId: args.accountId,
          scriptName: mtaStsWorkerName(domain),
          mainModule: "mta-sts.js",
          content: mtaStsWorkerScript(this.policy),
          compatibilityDate: "2025-01-01",
        },
        { parent: this },
      );
      new cloudflare.WorkersCustomDomain(
        `${name}-host`,
        { accountId: args.accountId, zoneId, hostname: this.policyHost, service: script.scriptName },
        { parent: this },
      );
      mailRecord(`${name}-record`, zoneId, { type: "TXT", name: fqdn(MTA_STS_RECORD, domain), content: buildMtaStsRecord(this.policy) }, { parent: this });
    }
    if (args.reportAddresses.length > 0) {
      mailRecord(`${name}-tls-rpt`, zoneId, { type: "TXT", name: fqdn(TLS_RPT_RECORD, domain), content: buildTlsRpt(args.reportAddresses) }, { parent: this });
    }

    this.registerOutputs({ policy: this.policy, policyHost: this.policyHost });
  }
}
