import { advisoryCount, mandatoryCount, type PlanDocument } from "./document";
import { writeStackDocuments } from "./out-dir";
import type { StackPlan } from "./plan-stack";
import { countResources, renderReport } from "./report";

/**
 * What the plan command keeps of a stack once it is planned: its report and its counts, and its document only when
 * --json asks for it (fifty documents held to the end would be most of a portfolio run's memory).
 */
export type StackResult =
  | { ok: true; stack: string; file: string; domain: string; resources: number; mandatory: number; advisory: number; report: string; document?: PlanDocument }
  | { ok: false; stack: string; file: string; error: string };

/** What to do with each planned stack: write its launch documents under outDir; keep its document. */
export interface Finishing {
  outDir?: string;
  keepDocument: boolean;
}

/**
 * Finishes a planned stack in the thread that planned it (a worker's, with many stacks): renders its report, writes
 * its launch documents, keeps its document if asked.
 */
export function finishStack(plan: StackPlan, { outDir, keepDocument }: Finishing): StackResult {
  if (!plan.ok) return plan;
  const { stack, file, document } = plan;
  if (outDir !== undefined) writeStackDocuments(outDir, document);
  return {
    ok: true,
    stack,
    file,
    domain: document.domain,
    resources: countResources(document),
    mandatory: mandatoryCount(document),
    advisory: advisoryCount(document),
    report: renderReport(document),
    ...(keepDocument ? { document } : {}),
  };
}
