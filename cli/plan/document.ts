import type { RulePending, RuleViolation } from "../../policies/rules/evaluate";
import type { Enforcement, Rule } from "../../policies/rules/types";
import type { PlanMode, ProgramRun } from "./engine";
import { redact, redactProps } from "./values";

/** What the policies found in one mode: violations, and the checks waiting for values made at create. */
export interface ModeVerdicts {
  violations: RuleViolation[];
  pending: RulePending[];
}

/**
 * The plan as one JSON document (design.md, "Offline plan contract"). Every secret value is "[secret]"; on a first
 * preview every value nobody knows yet is "[unknown]".
 */
export interface PlanDocument {
  project: string;
  stack: string;
  domain: string;
  /** Which run `resources`, `outputs`, `violations` and `pending` describe. */
  mode: PlanMode;
  resources: {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    protect: boolean;
  }[];
  outputs: Record<string, unknown>;
  violations: RuleViolation[];
  pending: RulePending[];
  /** The verdicts of every mode the plan evaluated (both by default), `mode`'s included. */
  verdicts: Partial<Record<PlanMode, ModeVerdicts>>;
  policiesEvaluated: { name: string; enforcement: Enforcement; description: string }[];
}

export function planDocument(
  project: string,
  stack: string,
  domain: string,
  mode: PlanMode,
  run: ProgramRun,
  verdicts: Partial<Record<PlanMode, ModeVerdicts>>,
  rules: readonly Rule[],
): PlanDocument {
  const own = verdicts[mode] ?? { violations: [], pending: [] };
  return {
    project,
    stack,
    domain,
    mode,
    resources: run.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      inputs: redactProps(r.inputs),
      protect: r.protect,
    })),
    outputs: redact(run.outputs) as Record<string, unknown>,
    violations: own.violations,
    pending: own.pending,
    verdicts,
    policiesEvaluated: rules.map((r) => ({ name: r.name, enforcement: r.enforcementLevel, description: r.description })),
  };
}

const evaluated = (doc: PlanDocument) => Object.values(doc.verdicts);
const count = (doc: PlanDocument, enforcement: Enforcement) => Math.max(0, ...evaluated(doc).map((v) => v.violations.filter((f) => f.enforcement === enforcement).length));

/** The most mandatory findings of any mode evaluated: a stack is blocked if any mode blocks it. */
export const mandatoryCount = (doc: PlanDocument) => count(doc, "mandatory");
export const advisoryCount = (doc: PlanDocument) => count(doc, "advisory");
