import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { parseDocument } from "yaml";
import { UsageError } from "./usage-error";

/** A stack's config as the Pulumi CLI would hand it to the program. */
export interface StackConfig {
  stack: string;
  file: string;
  /** `namespace:key` → string; structured values as JSON text, like the CLI's PULUMI_CONFIG. */
  config: Record<string, string>;
  /** Keys whose values are `secure:` ciphertext in the file. */
  secretKeys: string[];
}

/**
 * Stands in for a `secure:` value. The ciphertext is never decrypted (it belongs to someone's passphrase or KMS key);
 * the program sees this opaque text, marked secret, so it flows where the real value would and prints as [secret].
 */
export const opaqueSecret = (key: string) => `opaque-secret-value:${key}`;

/** The stack name of `Pulumi.<stack>.yaml`; other file names keep their base name. */
export function stackNameOf(file: string): string {
  const match = /^Pulumi\.(.+)\.ya?ml$/.exec(basename(file));
  return match?.[1] ?? basename(file).replace(/\.ya?ml$/, "");
}

export function readStackFile(file: string): StackConfig {
  if (!existsSync(file)) throw new UsageError(`Stack file not found: ${file}. Pass an existing Pulumi.<stack>.yaml (--config-file) or a stack name (--stack).`);
  const doc = parseDocument(readFileSync(file, "utf8"), { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new UsageError(`${file} is not valid YAML: ${first?.message.split("\n")[0] ?? "parse error"}. Fix the file's indentation or quoting.`);
  }
  const root: unknown = doc.toJS();
  if (root !== null && (typeof root !== "object" || Array.isArray(root))) {
    throw new UsageError(`${file} must be a YAML map with a config: section.`);
  }
  const section = (root as Record<string, unknown> | null)?.["config"] ?? {};
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new UsageError(`${file}: config: must be a map of namespace:key to values.`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    if (isSecure(value)) {
      config[key] = opaqueSecret(key);
      secretKeys.push(key);
    } else if (typeof value === "string") config[key] = value;
    else config[key] = JSON.stringify(replaceSecure(value, key));
  }
  return { stack: stackNameOf(file), file, config, secretKeys };
}

function isSecure(value: unknown): value is { secure: string } {
  return typeof value === "object" && value !== null && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

function replaceSecure(value: unknown, key: string): unknown {
  if (isSecure(value)) return opaqueSecret(key);
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, key));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, key)]));
  return value;
}

/** Every `Pulumi.<stack>.yaml` beside Pulumi.yaml, in name order. */
export function stackFilesIn(projectDir: string): string[] {
  return readdirSync(projectDir)
    .filter((f) => /^Pulumi\..+\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(projectDir, f));
}

/** The project name from Pulumi.yaml. */
export function projectNameIn(projectDir: string): string {
  const file = join(projectDir, "Pulumi.yaml");
  if (!existsSync(file)) throw new UsageError(`No Pulumi.yaml in ${projectDir}.`);
  const doc = parseDocument(readFileSync(file, "utf8"));
  if (doc.errors.length > 0) throw new UsageError(`${file} is not valid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? "parse error"}.`);
  const project: unknown = doc.toJS();
  const name = (project as { name?: unknown } | null)?.name;
  if (typeof name !== "string") throw new UsageError(`${file} has no project name.`);
  return name;
}
