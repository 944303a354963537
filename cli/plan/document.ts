import type { Enforcement, Rule } from "../../policies/rules/types";
import type { ProgramRun } from "./engine";
import type { PlanViolation } from "./evaluate";
import { redact, redactProps } from "./values";

/** The plan as one JSON document (design.md, "Offline plan contract"). Every secret value is "[secret]". */
export interface PlanDocument {
  project: string;
  stack: string;
  domain: string;
  resources: {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    inputs: Record<string, unknown>;
    protect: boolean;
  }[];
  outputs: Record<string, unknown>;
  violations: PlanViolation[];
  policiesEvaluated: { name: string; enforcement: Enforcement; description: string }[];
}

export function planDocument(project: string, stack: string, domain: string, run: ProgramRun, violations: PlanViolation[], rules: readonly Rule[]): PlanDocument {
  return {
    project,
    stack,
    domain,
    resources: run.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      inputs: redactProps(r.inputs),
      protect: r.protect,
    })),
    outputs: redact(run.outputs) as Record<string, unknown>,
    violations,
    policiesEvaluated: rules.map((r) => ({ name: r.name, enforcement: r.enforcementLevel, description: r.description })),
  };
}

export const mandatoryCount = (doc: PlanDocument) => doc.violations.filter((v) => v.enforcement === "mandatory").length;
export const advisoryCount = (doc: PlanDocument) => doc.violations.filter((v) => v.enforcement === "advisory").length;
