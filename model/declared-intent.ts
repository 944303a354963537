import type { AuthPaths } from "../lib/edge-rules";
import type { PlannedResource } from "./resource";
import { COMPONENTS } from "./type-tokens";
import { texts } from "./props";

/**
 * What the program declares about the stack, read from its components' outputs (values the config sets, never ones
 * a provider computes): the stack's own auth pages, and whether a short HSTS max-age is a deliberate ramp step.
 * The rules and the launch documents that need them share these readers.
 */

/** The auth paths the stack names (config authPaths), or undefined when no EdgeProtection component declares them. */
export function declaredAuthPaths(resources: readonly PlannedResource[]): AuthPaths | undefined {
  const declared = resources.find((r) => r.type === COMPONENTS.edgeProtection)?.props["authPaths"];
  if (declared === null || typeof declared !== "object") return undefined;
  const paths = declared as Record<string, unknown>;
  return { signIn: texts(paths["signIn"]), passwordReset: texts(paths["passwordReset"]), signUp: texts(paths["signUp"]) };
}

/** True when the Tls component declares its HSTS max-age a deliberate step of the ramp to a year. */
export function hstsRampDeclared(resources: readonly PlannedResource[]): boolean {
  return resources.some((r) => r.type === COMPONENTS.tls && r.props["hstsRampStage"] === true);
}
