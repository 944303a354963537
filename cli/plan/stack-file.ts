import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseDocument, type YAMLError } from "yaml";
import { UsageError } from "../usage-error";

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
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a folder, not a stack file. Pass a Pulumi.<stack>.yaml file (--config-file) or a stack name (--stack).`);
  const source = readFileSync(file, "utf8");
  const doc = parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) throw new UsageError(yamlProblems(file, source, doc.errors));
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
  const nestedSecrets: string[] = [];
  for (const [key, value] of Object.entries(section)) {
    if (isSecure(value)) {
      config[key] = opaqueSecret(key);
      secretKeys.push(key);
    } else if (typeof value === "string") config[key] = value;
    else {
      nestedSecrets.push(...securePaths(value, key));
      config[key] = JSON.stringify(value);
    }
  }
  if (nestedSecrets.length > 0) {
    throw new UsageError(
      `${file}: ${nestedSecrets.join(", ")} ${nestedSecrets.length === 1 ? "is a secure: value" : "are secure: values"} inside a structured key. launch-ready reads a secret only from a key of its own, and the offline plan never decrypts. Fix: write the value in plain text if it is public (a DKIM key or a CNAME target is), or store it with pulumi config set --secret launch-ready:<name> '<value>' and list { name: <name> } in launch-ready:secrets.`,
    );
  }
  return { stack: stackNameOf(file), file, config, secretKeys };
}

/** Every YAML error of the file, each with its line: a duplicate key names the key, since Pulumi would keep only one. */
function yamlProblems(file: string, source: string, errors: readonly YAMLError[]): string {
  const sourceLines = source.split("\n");
  const lines = errors.map((e) => {
    const line = e.linePos?.[0].line;
    const where = line === undefined ? "" : `line ${line}: `;
    if (e.code === "DUPLICATE_KEY" && line !== undefined) {
      const key = /^\s*(?:-\s+)?["']?(.+?)["']?\s*:(?:\s|$)/.exec(sourceLines[line - 1] ?? "")?.[1] ?? "a key";
      return `  - ${where}${key} appears twice in the same map, and only one of the values would be used. Fix: keep one ${key} and remove or rename the other.`;
    }
    return `  - ${where}${e.message.split("\n")[0] ?? "parse error"}. Fix the indentation or quoting.`;
  });
  return `${file} is not valid YAML (${errors.length} ${errors.length === 1 ? "problem" : "problems"}):\n${lines.join("\n")}`;
}

function isSecure(value: unknown): value is { secure: string } {
  return typeof value === "object" && value !== null && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

/** Where `secure:` values sit inside a structured value, as key paths (launch-ready:email.dkim[0].value). */
function securePaths(value: unknown, path: string): string[] {
  if (isSecure(value)) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => securePaths(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => securePaths(v, `${path}.${k}`));
  return [];
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
