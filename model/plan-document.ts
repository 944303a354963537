import { z } from "zod";

/**
 * The plan document (`npm run plan -- --json FILE`, design.md "Offline plan contract"): its one schema, read by the
 * launch documents, the mail proof and the audit's `--plan`, and the findings the policies write into it. No Pulumi
 * imports here: the offline plan builds the document (cli/plan/document.ts), everything else only reads it.
 */

/** How the document writes every secret value. */
export const REDACTED = "[secret]";
/** How the document writes every value nobody knows yet (a first preview). */
export const UNKNOWN_TEXT = "[unknown]";

/**
 * What the policies see, and when. "first-preview": the `pulumi preview` of a stack whose resources do not exist yet,
 * so every value a provider computes (ids, ARNs, tokens, generated passwords) and everything built from it is unknown.
 * "after-up": the values are known, as on any preview or `pulumi up` once the resources exist.
 */
export const PLAN_MODES = ["first-preview", "after-up"] as const;
export type PlanMode = (typeof PLAN_MODES)[number];

export const ENFORCEMENTS = ["mandatory", "advisory"] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

const violation = z.object({
  policy: z.string(),
  enforcement: z.enum(ENFORCEMENTS),
  /** The resource at fault; left out for stack-wide findings. */
  urn: z.string().optional(),
  message: z.string(),
});
export type RuleViolation = z.infer<typeof violation>;

/** A check that waits for a value a provider makes at create: neither passed nor failed yet. */
const pendingCheck = z.object({ policy: z.string(), urn: z.string().optional(), message: z.string() });
export type RulePending = z.infer<typeof pendingCheck>;

const verdicts = z.object({ violations: z.array(violation), pending: z.array(pendingCheck) });
/** What the policies found in one mode: violations, and the checks waiting for values made at create. */
export type Verdicts = z.infer<typeof verdicts>;

/** One registered resource: its inputs as the program set them, secrets and unknowns written as the markers above. */
export const planResourceSchema = z.object({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  protect: z.boolean(),
});
export type PlanResource = z.infer<typeof planResourceSchema>;

export const planDocumentSchema = z.object({
  project: z.string(),
  stack: z.string(),
  /** The stack's domain, as its outputs give it (model/stack-outputs.ts). */
  domain: z.string().min(1),
  /** Which run `resources`, `outputs`, `violations` and `pending` describe. */
  mode: z.enum(PLAN_MODES),
  resources: z.array(planResourceSchema),
  /** The stack outputs, redacted; model/stack-outputs.ts reads them. */
  outputs: z.record(z.string(), z.unknown()),
  violations: z.array(violation),
  pending: z.array(pendingCheck),
  /** The verdicts of every mode the plan evaluated (both by default), `mode`'s included. */
  verdicts: z.partialRecord(z.enum(PLAN_MODES), verdicts),
  policiesEvaluated: z.array(z.object({ name: z.string(), enforcement: z.enum(ENFORCEMENTS), description: z.string() })),
});
export type PlanDocument = z.infer<typeof planDocumentSchema>;

/** The resources of one type, in plan order. */
export const resourcesOf = <R extends Pick<PlanResource, "type">>(doc: { resources: readonly R[] }, type: string): R[] => doc.resources.filter((r) => r.type === type);
