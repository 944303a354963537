import * as pulumi from "@pulumi/pulumi";
import type { LaunchConfig } from "../config";
import { Zone } from "./zone";

export interface LaunchArgs {
  /** The validated stack config. */
  config: LaunchConfig;
}

/** Everything one client's launch needs, wired from one validated config. */
export class Launch extends pulumi.ComponentResource {
  /** Stack outputs: what a person needs to finish the launch (registrar steps, confirmations, ...). */
  public readonly outputs: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: LaunchArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:app:Launch", name, {}, opts);
    const { config } = args;

    const zone = new Zone(`${name}-zone`, {
      domain: config.domain,
      accountId: config.cloudflare.accountId,
      existingZone: config.cloudflare.existingZone,
    }, { parent: this });

    this.outputs = {
      domain: config.domain,
      zoneId: zone.zoneId,
      nameServers: zone.nameServers,
    };
    this.registerOutputs(this.outputs);
  }
}
