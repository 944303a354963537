import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { CloudflarePlan } from "../lib/cloudflare-plans";

export interface ZoneArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  /** The Cloudflare account that owns the zone. */
  accountId: string;
  /** Adopt a zone that already exists in the account instead of creating it. @default false */
  existingZone: boolean;
  /** The zone's Cloudflare plan: it decides how many rules each phase may hold. */
  plan: CloudflarePlan;
}

/** The DS record the registrar publishes in the parent zone, whole and in the four parts registrars ask for. */
export interface DsRecord {
  ds: pulumi.Output<string>;
  keyTag: pulumi.Output<number>;
  algorithm: pulumi.Output<string>;
  digestType: pulumi.Output<string>;
  digest: pulumi.Output<string>;
}

/**
 * The Cloudflare zone of the domain, with DNSSEC signing on. A created zone is protected and retained on delete:
 * deleting it would take every record, rule and setting with it. An existing zone is looked up, never created or
 * deleted; DNSSEC is turned on for it too, and stays on when the stack is destroyed. DNSSEC shows "pending" until the
 * registrar publishes the DS record.
 */
export class Zone extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  /** The name servers the registrar must delegate to. */
  public readonly nameServers: pulumi.Output<string[]>;
  public readonly ds: DsRecord;
  /** Stack rules read the plan from the zone's outputs to check rule counts against its quotas. */
  public readonly plan: CloudflarePlan;

  constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Zone", name, {}, opts);

    if (args.existingZone) {
      const found = cloudflare.getZoneOutput({ filter: { name: args.domain, account: { id: args.accountId } } }, { parent: this });
      this.zoneId = found.zoneId;
      this.nameServers = found.nameServers;
    } else {
      const zone = new cloudflare.Zone(
        `${name}-zone`,
        { account: { id: args.accountId }, name: args.domain, type: "full" },
        { parent: this, protect: true, retainOnDelete: true },
      );
      this.zoneId = zone.id;
      this.nameServers = zone.nameServers;
    }

    // Retained like the zone: deleting it turns signing off while the registrar still publishes the DS record, and
    // validating resolvers then reject the whole domain. Turning DNSSEC off is a manual, ordered job (README).
    const dnssec = new cloudflare.ZoneDnssec(`${name}-dnssec`, { zoneId: this.zoneId, status: "active" }, { parent: this, retainOnDelete: true });
    this.ds = { ds: dnssec.ds, keyTag: dnssec.keyTag, algorithm: dnssec.algorithm, digestType: dnssec.digestType, digest: dnssec.digest };
    this.plan = args.plan;

    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers, ds: this.ds.ds, plan: this.plan });
  }
}
