import type { Enforcement, PlanDocument, PlanMode, Verdicts } from "../../model/plan-document";
import type { Rule } from "../../policies/rules/types";
import type { ProgramRun } from "./engine";
import { redact, redactProps } from "./values";

export type { PlanDocument } from "../../model/plan-document";

/**
 * The plan as one JSON document, in the shape model/plan-document.ts defines: every secret value is "[secret]"; on a
 * first preview every value nobody knows yet is "[unknown]".
 */
export function planDocument(
  project: string,
  stack: string,
  domain: string,
  mode: PlanMode,
  run: ProgramRun,
  verdicts: Partial<Record<PlanMode, Verdicts>>,
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
