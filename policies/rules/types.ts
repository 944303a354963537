/**
 * Policy rules are pure functions over plain resource data (model/resource.ts), so the CrossGuard pack
 * (policies/index.ts) and the offline plan evaluate exactly the same code. No Pulumi imports here.
 */
import type { PlannedResource } from "../../model/resource";
import type { Enforcement } from "../../model/plan-document";
export type { Enforcement };

export interface Violation {
  message: string;
  /** The resource at fault; stack-wide findings leave it out. */
  urn?: string;
}

/**
 * A check that waits for a value the provider makes at create: neither a pass nor a violation. The offline plan lists
 * it as pending; the pack reports it through the advisory policy checks-pending-until-created.
 */
export interface Pending extends Violation {
  pending: true;
}
export const pending = (message: string, urn?: string): Pending => (urn === undefined ? { message, pending: true } : { message, urn, pending: true });
export const isPending = (finding: string | Violation): finding is Pending => typeof finding === "object" && "pending" in finding;

interface RuleBase {
  /** kebab-case, unique in the pack. */
  name: string;
  /** "Checks that … because …". */
  description: string;
  enforcementLevel: Enforcement;
}

/**
 * Checks one resource of the listed types from its inputs; returns one message per problem. The engine runs these
 * before it creates the resource, so they are what blocks a `pulumi up`.
 */
export interface ResourceRule extends RuleBase {
  kind: "resource";
  resourceTypes: readonly string[];
  validate(resource: PlannedResource): (string | Pending)[];
}

/**
 * Checks relationships across the whole stack. The engine runs these once per preview, and during `pulumi up` only
 * after every resource exists: keep to facts that truly span resources.
 */
export interface StackRule extends RuleBase {
  kind: "stack";
  validate(resources: readonly PlannedResource[]): (Violation | Pending)[];
}

export type Rule = ResourceRule | StackRule;
