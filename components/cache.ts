import * as pulumi from "@pulumi/pulumi";
import { cacheRules, type CacheInput } from "../lib/edge-rules";
import { phaseRuleset } from "./phase-ruleset";

export interface CacheArgs {
  zoneId: pulumi.Input<string>;
  cache: CacheInput;
}

/**
 * One Cache Rules ruleset: static assets cached long at the edge and in browsers; app, API and auth paths, and any
 * request carrying a session cookie or an Authorization header, never cached, so no visitor is served another's page.
 */
export class Cache extends pulumi.ComponentResource {
  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Cache", name, {}, opts);
    phaseRuleset(
      `${name}-ruleset`,
      { zoneId: args.zoneId, phase: "http_request_cache_settings", description: "Static assets cached; dynamic and signed-in requests bypass", rules: cacheRules(args.cache) },
      this,
    );
    this.registerOutputs({});
  }
}
