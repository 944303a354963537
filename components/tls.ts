import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { zoneSettingRole } from "../lib/names";
import { edgeZoneSettings, type HstsInput } from "../lib/zone-settings";

export interface TlsArgs {
  zoneId: pulumi.Input<string>;
  hsts: HstsInput;
}

/**
 * HTTPS everywhere: Full (strict) to the origin, every http request redirected, TLS 1.2 minimum with 1.3 on, mixed
 * content rewritten, HSTS, and HTTP/3 and Early Hints for speed. Removing a setting from code leaves its last value
 * on Cloudflare (the provider's delete does nothing), so these are only ever changed, never dropped.
 */
export class Tls extends pulumi.ComponentResource {
  constructor(name: string, args: TlsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Tls", name, {}, opts);
    for (const setting of edgeZoneSettings(args.hsts)) {
      new cloudflare.ZoneSetting(`${name}-${zoneSettingRole(setting.id)}`, { zoneId: args.zoneId, settingId: setting.id, value: setting.value }, { parent: this });
    }
    // Whether a short HSTS max-age is a deliberate ramp step: the HSTS policy reads it from here.
    this.registerOutputs({ hstsRampStage: args.hsts.rampStage === true });
  }
}
