import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

export interface ZoneArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  /** The Cloudflare account that owns the zone. */
  accountId: string;
  /** Adopt a zone that already exists in the account instead of creating it. @default false */
  existingZone: boolean;
}

/**
 * The Cloudflare zone of the domain. A created zone is protected and retained on delete: deleting it would take every
 * record, rule and setting with it. An existing zone is looked up, never created or changed.
 */
export class Zone extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  /** The name servers the registrar must delegate to. */
  public readonly nameServers: pulumi.Output<string[]>;

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

    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers });
  }
}
