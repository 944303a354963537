import * as pulumi from "@pulumi/pulumi";
import { redirectRules, type LegacyRedirect, type SiteHosts } from "../lib/edge-rules";
import { phaseRuleset } from "./phase-ruleset";

export interface RedirectsArgs {
  zoneId: pulumi.Input<string>;
  /** The canonical host and the one that redirects to it. */
  site: SiteHosts;
  /** Legacy URLs: from a path to a path on the canonical host or to an https URL. */
  redirects: readonly LegacyRedirect[];
}

/**
 * One Single Redirects ruleset: each legacy URL to its new home, then the non-canonical host to the canonical one
 * (301, path and query kept). Every redirect lands in one hop, whatever host or scheme the visitor started from.
 */
export class Redirects extends pulumi.ComponentResource {
  constructor(name: string, args: RedirectsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:Redirects", name, {}, opts);
    phaseRuleset(
      `${name}-ruleset`,
      {
        zoneId: args.zoneId,
        phase: "http_request_dynamic_redirect",
        description: `Canonical host ${args.site.canonical} and legacy URLs`,
        rules: redirectRules(args.site, args.redirects),
      },
      this,
    );
    this.registerOutputs({});
  }
}
