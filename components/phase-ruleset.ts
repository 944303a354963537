import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { EdgeRule } from "../lib/edge-rules";

export interface PhaseRulesetArgs {
  zoneId: pulumi.Input<string>;
  /** The phase, e.g. http_request_dynamic_redirect. A zone has one entrypoint ruleset per phase. */
  phase: string;
  description: string;
  rules: pulumi.Input<EdgeRule[]>;
}

/**
 * The zone's entrypoint ruleset of one phase, holding every rule of that phase. Deleted before a replacement is
 * created: a second entrypoint for the phase would be refused (error 20217, shared/reference/cloudflare.md §5.2).
 * Its name is fixed, because renaming a ruleset replaces it.
 */
export function phaseRuleset(name: string, args: PhaseRulesetArgs, parent: pulumi.Resource): cloudflare.Ruleset {
  return new cloudflare.Ruleset(
    name,
    { zoneId: args.zoneId, kind: "zone", phase: args.phase, name: `launch-ready ${args.phase}`, description: args.description, rules: args.rules },
    { parent, deleteBeforeReplace: true },
  );
}
