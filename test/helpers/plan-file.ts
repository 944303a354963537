import { join } from "node:path";
import { planStack } from "../../cli/plan/plan-stack";
import type { PlanDocument } from "../../cli/plan/document";
import { prodConfig, prodValue, PROJECT_DIR, type StackInput } from "./harness";

export const FIXTURE_STACKS_DIR = join(PROJECT_DIR, "test", "fixtures", "stacks");
export const fixtureStack = (name: string) => join(FIXTURE_STACKS_DIR, `Pulumi.${name}.yaml`);

/**
 * Plans a stack file as `npm run plan -- --config-file FILE` does, after-up mode: every input the program sets is
 * known there, which is what the provider checks. Fails loudly on invalid config.
 */
export async function planFile(file: string): Promise<PlanDocument> {
  const plan = await planStack("launch-ready", file, ["after-up"]);
  if (!plan.ok) throw new Error(`${file} does not plan: ${plan.error}`);
  return plan.document;
}

/** Every policy violation of every mode the plan evaluated, as "policy: message". */
export function violationsOf(doc: PlanDocument): string[] {
  return Object.values(doc.verdicts).flatMap((v) => (v?.violations ?? []).map((f) => `${f.policy}: ${f.message}`));
}

/** Pulumi.prod.yaml's config on its second `pulumi up`: the zone is active, so what needs an active zone is planned. */
export function prodZoneActive(overrides: Record<string, unknown> = {}): StackInput {
  return prodConfig({ cloudflare: { ...prodValue<Record<string, unknown>>("cloudflare"), zoneActive: true }, ...overrides });
}
