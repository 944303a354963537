import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "../../config";
import { evaluateRules, type RuleViolation } from "../../policies/rules/evaluate";
import type { PlannedResource } from "../../model/resource";
import type { Rule } from "../../policies/rules/types";
import { runProgram, type CapturedResource, type PlanMode, type ProgramRun } from "../../cli/plan/engine";
import { asRuleInput, asRuleState } from "../../cli/plan/evaluate";
import { readStackFile } from "../../cli/plan/stack-file";
import { unwrap, unwrapProps } from "../../cli/plan/values";
import program from "../../index";

/**
 * The mock harness: runs the real program (index.ts) under Pulumi's mocks, the same engine the offline plan uses, and
 * gives tests the captured resources. What mocks cannot prove: provider-side validation and defaults, real URNs of
 * top-level resources (the mock runtime prefixes the Stack type), and anything the engine does after registration.
 */

export const PROJECT_DIR = join(__dirname, "..", "..");
export const PROD_STACK_FILE = join(PROJECT_DIR, "Pulumi.prod.yaml");

export interface StackInput {
  /** Full config map: `namespace:key` → string (structured values as JSON text). */
  config: Record<string, string>;
  secretKeys: string[];
  stack?: string;
}

/** Pulumi.prod.yaml's config with contract keys replaced (objects are JSON-encoded; undefined removes the key). */
export function prodConfig(overrides: Record<string, unknown> = {}, secrets: Record<string, string> = {}): StackInput {
  const base = readStackFile(PROD_STACK_FILE);
  const config = { ...base.config };
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `${NAMESPACE}:${key}`;
    if (value === undefined) delete config[full];
    else config[full] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const secretKeys = [...base.secretKeys];
  for (const [name, value] of Object.entries(secrets)) {
    config[`${NAMESPACE}:${name}`] = value;
    secretKeys.push(`${NAMESPACE}:${name}`);
  }
  return { config, secretKeys, stack: "prod" };
}

/** Contract values of Pulumi.prod.yaml, parsed, so a test can change one field of a structured key. */
export function prodValue<T = Record<string, unknown>>(key: string): T {
  const text = readStackFile(PROD_STACK_FILE).config[`${NAMESPACE}:${key}`];
  if (text === undefined) throw new Error(`Pulumi.prod.yaml has no ${key}`);
  return (text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text) as T;
}

export class StackRun {
  constructor(readonly run: ProgramRun) {}

  get resources(): CapturedResource[] {
    return this.run.resources;
  }

  /** Custom resources of one type token. */
  ofType(type: string): CapturedResource[] {
    return this.run.resources.filter((r) => r.type === type);
  }

  /** The one resource with this logical name; fails loudly when missing. */
  named(name: string): CapturedResource {
    const found = this.run.resources.find((r) => r.name === name);
    if (found === undefined) throw new Error(`no resource named ${name}; have: ${this.run.resources.map((r) => r.name).join(", ")}`);
    return found;
  }

  /** Inputs with secrets unwrapped, as a policy sees them. */
  inputs(resource: CapturedResource): Record<string, unknown> {
    return unwrapProps(resource.inputs);
  }

  /** The parent resource of a resource. */
  parentOf(resource: CapturedResource): CapturedResource | undefined {
    return this.run.resources.find((r) => r.urn === resource.parent);
  }

  /** Stack outputs with secrets unwrapped. */
  get outputs(): Record<string, unknown> {
    return unwrap(this.run.outputs) as Record<string, unknown>;
  }

  /** Resources as resource rules see them (inputs) and as stack rules see them (state). */
  ruleInputs(): PlannedResource[] {
    return this.run.resources.map(asRuleInput);
  }
  ruleState(): PlannedResource[] {
    return this.run.resources.map(asRuleState);
  }
}

/** Runs index.ts under the mocks with the given stack config, by default as after `pulumi up` (every value known). */
export async function runStack(input: StackInput = prodConfig(), mode: PlanMode = "after-up"): Promise<StackRun> {
  const run = await runProgram({ mode, project: "launch-ready", stack: input.stack ?? "prod", config: input.config, secretKeys: input.secretKeys, program });
  return new StackRun(run);
}

/** Paths (a.b[0].c) under which a wire-format value holds a secret. */
export function secretPaths(value: unknown, path = ""): string[] {
  if (pulumi.runtime.isRpcSecret(value)) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => secretPaths(v, path === "" ? k : `${path}.${k}`));
  return [];
}

/**
 * The violations one rule finds in a list of resources, as the engine would report them: a resource rule on each
 * resource of its types, a stack rule on the whole list. Pending checks are left out.
 */
export function check(rule: Rule, resources: readonly PlannedResource[]): RuleViolation[] {
  return evaluateRules([rule], resources, resources).violations;
}

/** A resource fixture for rule tests, with the real type token and sensible defaults. */
export function fixture(type: string, props: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource {
  const name = extra.name ?? "fixture";
  return { urn: `urn:pulumi:test::launch-ready::${type}::${name}`, type, name, props, protect: false, ...extra };
}
