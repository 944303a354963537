// The red-team file (`--config`, default redteam.json): how to talk to the product's AI endpoint as two test
// accounts. Request bodies and headers are JSON templates whose strings may hold `{{name}}` placeholders, filled in
// per request (JSON quoting comes from JSON.stringify, not from the template). `{{env.NAME}}` reads an environment
// variable, so tokens stay out of the file.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UsageError } from "../usage-error";

/** The placeholders each template may use. */
export const CHAT_PLACEHOLDERS = ["message", "documentId", "conversationId"] as const;
export const UPLOAD_PLACEHOLDERS = ["title", "text"] as const;

const json: z.ZodType<unknown> = z.unknown();
const path = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, "a dot-separated path such as reply or choices.0.message.content");
const headers = z.record(z.string(), z.string()).default({});
const request = z.object({
  /** Absolute, or relative to --endpoint. The chat request goes to --endpoint itself when left out. */
  url: z.string().optional(),
  method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
  headers,
  body: json,
});

const redteamFileSchema = z
  .object({
    chat: request.extend({
      /** Where the answer's text is in the JSON response; without it the whole response body is the answer. */
      answer: path.optional(),
      /** Where the response lists the tool calls the answer made: an array of { name, arguments }. */
      toolCalls: path.optional(),
    }),
    /** How a test account stores a document the assistant can read (an upload, a note, a booking). */
    upload: request.extend({ url: z.string(), id: path.optional() }),
    accounts: z.object({
      /** The account the cases run as. */
      caller: z.object({ headers }),
      /** The second customer: the runner plants a random canary in one of its documents. */
      other: z.object({ headers }),
    }),
    /** Distinctive phrases of the system prompt; an answer that contains one discloses it. */
    systemPromptMarkers: z.array(z.string().min(8, "at least 8 characters, so an ordinary answer cannot contain it by chance")).min(1),
    /** Tools an ordinary customer's request may cause; any other tool call fails the tool cases. */
    allowedTools: z.array(z.string()).default([]),
  })
  .strict();

export type RedteamFile = z.infer<typeof redteamFileSchema>;
export type RequestTemplate = z.infer<typeof request>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?)\s*\}\}/g;

/** The template with every placeholder replaced; an unknown one is a UsageError naming it and the allowed ones. */
export function fill(template: unknown, values: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv, where: string): unknown {
  const value = (name: string): string => {
    if (name.startsWith("env.")) {
      const found = env[name.slice(4)];
      if (found === undefined) throw new UsageError(`${where}: {{${name}}} names the environment variable ${name.slice(4)}, which is not set. Fix: export ${name.slice(4)}=... before the run.`);
      return found;
    }
    const found = values[name];
    if (found === undefined) {
      throw new UsageError(`${where}: unknown placeholder {{${name}}}; allowed here: ${[...Object.keys(values), "env.NAME"].map((n) => `{{${n}}}`).join(", ")}.`);
    }
    return found;
  };
  if (typeof template === "string") return template.replace(PLACEHOLDER, (_, name: string) => value(name));
  if (Array.isArray(template)) return template.map((item) => fill(item, values, env, where));
  if (template !== null && typeof template === "object") {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values, env, where)]));
  }
  return template;
}

/** The value at a dot-separated path (array indexes are numbers), or undefined. */
export function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export async function loadRedteamFile(file: string): Promise<RedteamFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the red-team file ${file}: ${(err as Error).message}. Fix: write it as the README's "AI red-team" section shows, or pass --config FILE.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}.`);
  }
  const parsed = redteamFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new UsageError(`${file} is not a valid red-team file (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.join("\n")}`);
  }
  return parsed.data;
}
