/**
 * The resource model under the policies and the launch documents: a planned resource as plain data, and the marker for
 * values nobody knows yet. No Pulumi imports here.
 */

/**
 * A value nobody knows yet: on a first preview, whatever a provider computes at create (ids, ARNs, SES DKIM tokens,
 * generated passwords) and everything built from it. The engine sends its unknown sentinel; the pack and the offline
 * plan both hand rules this one marker instead, so a rule decides from what is known and never reads a stand-in.
 */
class UnknownValue {
  // A private member makes the type nominal: structurally it would match every value with a toString.
  readonly #unknown = true;
  toString(): string {
    return "(known after create)";
  }
}
export const UNKNOWN = new UnknownValue();
export const isUnknown = (value: unknown): value is UnknownValue => value === UNKNOWN;
/** True when the value is unknown or holds an unknown anywhere inside. */
export function hasUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return (value as unknown[]).some(hasUnknown);
  if (value !== null && typeof value === "object") return Object.values(value as object).some(hasUnknown);
  return false;
}

/**
 * A resource as the pack and the offline plan see it: plain values, secrets already unwrapped (CrossGuard does the
 * same). Policies and the launch documents both read this.
 */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  /** Resource rules see the inputs; stack rules see the state (inputs plus what the provider computed). */
  props: Record<string, unknown>;
  protect: boolean;
  /** URN of the parent resource. */
  parent?: string;
  /**
   * Property name → URNs of the resources its value was built from, as the engine records them. Known even when the
   * value is not, so stack rules relate resources through it (an alarm to its health check, a subscription to its
   * topic) rather than through ids a first preview does not have. Stack rules only.
   */
  dependsOn?: Readonly<Record<string, readonly string[]>>;
}
