import { rulesets } from "../../../model/edge";
import type { StackRule, Violation } from "../types";

export const rulesetOnePerPhase: StackRule = {
  kind: "stack",
  name: "ruleset-one-per-phase",
  description:
    "Checks that each zone has at most one ruleset per phase, because a zone has one entrypoint per phase: a second one is refused (error 20217), and replacing one would replace all of that phase's rules.",
  enforcementLevel: "mandatory",
  validate(resources) {
    const byPhase = new Map<string, ReturnType<typeof rulesets>>();
    for (const ruleset of rulesets(resources).filter((r) => r.kind === "zone")) {
      const key = `${ruleset.zone} ${ruleset.phase}`;
      byPhase.set(key, [...(byPhase.get(key) ?? []), ruleset]);
    }
    const violations: Violation[] = [];
    for (const group of byPhase.values()) {
      const [, ...extra] = group;
      for (const ruleset of extra) {
        violations.push({
          urn: ruleset.urn,
          message: `${group.map((r) => r.name).join(" and ")} are all rulesets of phase ${ruleset.phase} in one zone, which can hold one: merge their rules into a single Ruleset for the phase.`,
        });
      }
    }
    return violations;
  },
};
