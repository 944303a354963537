import type { PlannedResource } from "../../model/resource";
import { TYPES } from "../../model/type-tokens";

/**
 * Fixtures for the edge rules: the template's own resources as stack rules see them, changed in one place.
 * Each helper returns a new list and leaves the original alone.
 */

type Match = (r: PlannedResource) => boolean;

export const named = (name: string): Match => (r) => r.name === name;
export const setting = (settingId: string): Match => (r) => r.type === TYPES.zoneSetting && r.props["settingId"] === settingId;
export const phase = (name: string): Match => (r) => r.type === TYPES.ruleset && r.props["phase"] === name;

/** The list with the props of the matching resources changed. */
export function changed(resources: readonly PlannedResource[], match: Match, change: (props: Record<string, unknown>) => Record<string, unknown>): PlannedResource[] {
  let hits = 0;
  const result = resources.map((r) => {
    if (!match(r)) return r;
    hits++;
    return { ...r, props: change(structuredClone(r.props)) };
  });
  if (hits === 0) throw new Error("the fixture matched no resource");
  return result;
}

export const without = (resources: readonly PlannedResource[], match: Match): PlannedResource[] => resources.filter((r) => !match(r));

/** The rules of the matching ruleset replaced. */
export const withRules = (resources: readonly PlannedResource[], match: Match, rules: (current: Record<string, unknown>[]) => Record<string, unknown>[]) =>
  changed(resources, match, (props) => ({ ...props, rules: rules(props["rules"] as Record<string, unknown>[]) }));
