import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { paidRatePlanId, type CloudflarePlan } from "../lib/cloudflare-plans";

export interface ZoneArgs {
  /** The registrable domain, in punycode. */
  domain: string;
  /** The Cloudflare account that owns the zone. */
  accountId: string;
  /** Adopt a zone that already exists in the account instead of creating it. @default false */
  existingZone: boolean;
  /** The zone's Cloudflare plan: it decides how many rules each phase may hold. */
  plan: CloudflarePlan;
  /**
   * Whether Cloudflare shows the zone Active. A created zone is pending until the registrar delegates to Cloudflare;
   * what needs an active zone (a Workers custom domain) waits for this. An adopted zone's status is checked at preview.
   */
  active: boolean;
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
 *
 * A paid plan is bought for a created zone (a ZoneSubscription: Zone.plan is output-only), and everything that uses
 * the zone id waits for it, so rulesets sized for the plan never reach a zone still on Free. An adopted zone is not
 * bought for: its plan (and, when `active`, its status) is read at preview and must match the config before any
 * rule is sized.
 */
export class Zone extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  /** The name servers the registrar must delegate to. */
  public readonly nameServers: pulumi.Output<string[]>;
  public readonly ds: DsRecord;
  /** Whether what needs an active zone may be created now. */
  public readonly active: boolean;

  constructor(name: string, args: ZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Zone", name, {}, opts);

    if (args.existingZone) {
      const found = cloudflare.getZoneOutput({ filter: { name: args.domain, account: { id: args.accountId } } }, { parent: this });
      // Every resource takes the zone id from here, so a mismatch stops the program before anything is sized.
      this.zoneId = found.apply((zone) => {
        const problem = adoptedZoneProblem(args, zone.plan.legacyId, zone.status);
        if (problem !== undefined) throw new pulumi.RunError(problem);
        return zone.zoneId;
      });
      this.nameServers = found.nameServers;
    } else {
      const zone = new cloudflare.Zone(
        `${name}-zone`,
        { account: { id: args.accountId }, name: args.domain, type: "full" },
        { parent: this, protect: true, retainOnDelete: true },
      );
      const ratePlanId = paidRatePlanId(args.plan);
      if (ratePlanId === undefined) {
        this.zoneId = zone.id;
      } else {
        // The provider's Delete does nothing: destroying the stack leaves the zone subscribed (downgrade in the
        // dashboard, README). Retained to say so.
        const subscription = new cloudflare.ZoneSubscription(
          `${name}-subscription`,
          { zoneId: zone.id, ratePlan: { id: ratePlanId }, frequency: "monthly" },
          { parent: this, retainOnDelete: true },
        );
        // The zone id as an output of the subscription too: whatever uses it waits until the plan is bought.
        this.zoneId = pulumi.all([zone.id, subscription.id]).apply(([zoneId]) => zoneId);
      }
      this.nameServers = zone.nameServers;
    }

    // Retained like the zone: deleting it turns signing off while the registrar still publishes the DS record, and
    // validating resolvers then reject the whole domain. Turning DNSSEC off is a manual, ordered job (README).
    // status converges only with ignoreChanges: the provider's status is optional, not computed, and accepts only
    // "active" or "disabled", but its Read stores what the API reports, which is "pending" until the DS record is at
    // the registrar (internal/services/zone_dnssec/resource.go; the provider's own acceptance test expects a non-empty
    // plan). "active" is sent once, on create; the later pending/active changes are Cloudflare's, not drift.
    const dnssec = new cloudflare.ZoneDnssec(
      `${name}-dnssec`,
      { zoneId: this.zoneId, status: "active" },
      { parent: this, retainOnDelete: true, ignoreChanges: ["status"] },
    );
    this.ds = { ds: dnssec.ds, keyTag: dnssec.keyTag, algorithm: dnssec.algorithm, digestType: dnssec.digestType, digest: dnssec.digest };
    this.active = args.active;

    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers, ds: this.ds.ds, active: this.active });
  }
}

/** Why an adopted zone cannot be used as configured: its plan differs, or it is not active though the config says so. */
export function adoptedZoneProblem(args: Pick<ZoneArgs, "domain" | "plan" | "active">, legacyPlanId: string, status: string): string | undefined {
  if (legacyPlanId !== args.plan) {
    return `The Cloudflare zone ${args.domain} is on the "${legacyPlanId}" plan, but launch-ready:cloudflare.plan is "${args.plan}": the rules would be sized for a plan the zone is not on. Fix: set cloudflare.plan to ${legacyPlanId} in the stack file, or change the zone's plan in the Cloudflare dashboard first.`;
  }
  if (args.active && status !== "active") {
    return `The Cloudflare zone ${args.domain} is "${status}", but launch-ready:cloudflare.zoneActive is true. Fix: set cloudflare.zoneActive to false until the registrar delegates to Cloudflare and the dashboard shows the zone Active.`;
  }
  return undefined;
}
