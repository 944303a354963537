import type { z } from "zod";

/** The config namespace of the contract, whatever the project is called after `pulumi new`. */
export const NAMESPACE = "launch-ready";

/**
 * A problem a check found, before it is shown: where in the stack's config (the path below the namespace), what is
 * allowed there, and how to fix it when that is more than correcting the key.
 */
export interface Problem {
  path: (string | number)[];
  allowed: string;
  fix?: string;
}

/** One problem in the stack's config as the user reads it: which key, what was received, what is allowed, how to fix it. */
export interface ConfigIssue {
  key: string;
  received: string;
  allowed: string;
  fix: string;
}

export const problem = (path: (string | number)[], allowed: string, fix?: string): Problem => (fix === undefined ? { path, allowed } : { path, allowed, fix });

/** What a schema check carries besides its message (the message is what is allowed): the fix, in zod's own `params`. */
interface ProblemParams {
  fix: string;
}

/** A refinement's options: its message says what is allowed, `params.fix` how to fix it. */
export const allowing = (allowed: string, fix: string) => ({ error: allowed, params: { fix } satisfies ProblemParams });

/** A custom issue (ctx.addIssue in a superRefine) that says what is allowed and how to fix it. */
export const issueAllowing = (allowed: string, fix: string, path?: (string | number)[]) => ({
  code: "custom" as const,
  message: allowed,
  params: { fix } satisfies ProblemParams,
  ...(path === undefined ? {} : { path }),
});

/** The fix of an unknown key: zod reports those itself, with our list of the keys that exist as the message. */
const UNKNOWN_KEY_FIX = "remove the key or correct its spelling";

/** Problems from a zod issue of the schema of the top-level key `top`; an unknown key is reported at its own path. */
export function fromZodIssue(top: string, issue: z.core.$ZodIssue): Problem[] {
  const path = [top, ...(issue.path as (string | number)[])];
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => problem([...path, k], issue.message, UNKNOWN_KEY_FIX));
  const fix = issue.code === "custom" ? (issue.params as Partial<ProblemParams> | undefined)?.fix : undefined;
  return [problem(path, issue.message, fix)];
}

/** The problem as the user reads it: the key's full name, the value the stack holds there, and a fix. */
export function toConfigIssue(found: Problem, raw: Record<string, unknown>, stack: string): ConfigIssue {
  const key = keyName(found.path);
  return {
    key,
    received: describe(valueAt(raw, found.path)),
    allowed: found.allowed,
    fix: found.fix ?? `correct ${key} in Pulumi.${stack}.yaml`,
  };
}

export function formatIssues(issues: ConfigIssue[], stack: string): string {
  const lines = issues.map((i) => `  - ${i.key}: received ${i.received}; allowed: ${i.allowed}. Fix: ${i.fix}.`);
  const noun = issues.length === 1 ? "problem" : "problems";
  return `Invalid configuration for stack "${stack}" (${issues.length} ${noun}):\n${lines.join("\n")}`;
}

/** The stack's name of a top-level key: the contract's keys in the namespace, the AWS region in the aws provider's. */
export function stackKey(top: string): string {
  return top === "awsRegion" ? "aws:region" : `${NAMESPACE}:${top}`;
}

export function keyName(path: (string | number)[]): string {
  const [top = "", ...rest] = path;
  return rest.reduce<string>((name, part) => (typeof part === "number" ? `${name}[${part}]` : `${name}.${part}`), stackKey(String(top)));
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  return typeof value === "string" ? quote(value) : truncate(JSON.stringify(value));
}

export function quote(text: string): string {
  return JSON.stringify(truncate(text));
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
