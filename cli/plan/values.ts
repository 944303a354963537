import * as pulumi from "@pulumi/pulumi";
import { REDACTED, UNKNOWN_TEXT } from "../../model/plan-document";
import { UNKNOWN } from "../../model/resource";

const isWireUnknown = (value: unknown) => value === pulumi.runtime.unknownValue;

/** Replaces each wire-format secret with [secret] and each unknown with [unknown], at any depth. */
export function redact(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return REDACTED;
  if (isWireUnknown(value)) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  return value;
}

/**
 * Unwraps each wire-format secret to its plain value, as CrossGuard hands values to policies, and turns each unknown
 * into the rules' UNKNOWN marker, as the pack's adapter does.
 */
export function unwrap(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return unwrap(pulumi.runtime.unwrapRpcSecret(value));
  if (isWireUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(unwrap);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  return value;
}

export const unwrapProps = (props: Record<string, unknown>) => unwrap(props) as Record<string, unknown>;
export const redactProps = (props: Record<string, unknown>) => redact(props) as Record<string, unknown>;
