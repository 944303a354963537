import { findSecrets } from "../lib/secret-scan";

/** A credential found in a plaintext config value: where, and what kind (never the value). */
export interface PlaintextCredential {
  /** `namespace:key`, then the path inside a structured value (`.email.dkim[0].value`). */
  key: string;
  /** True when the key holds a structured value: the credential must move to a key of its own. */
  nested: boolean;
  kind: string;
}

interface Leaf {
  path: string;
  text: string;
}

function leaves(value: unknown, path: string): Leaf[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [];
}

/**
 * Credentials (secretlint's recommended rules, as the repository's secret scan runs them) in the stack's plaintext
 * config values: `values` maps `namespace:key` to the text Pulumi holds (JSON for structured keys). Every string is
 * scanned on its own lines, so a PEM key inside a map is seen as the file shows it.
 */
export async function plaintextCredentials(values: Readonly<Record<string, string>>): Promise<PlaintextCredential[]> {
  const all: (Leaf & { key: string; nested: boolean })[] = [];
  for (const [key, text] of Object.entries(values)) {
    let parsed: unknown = text;
    try {
      parsed = typeof JSON.parse(text) === "object" ? JSON.parse(text) : text;
    } catch {
      // A plain string.
    }
    const nested = typeof parsed === "object";
    for (const leaf of leaves(parsed, "")) all.push({ ...leaf, key, nested });
  }
  // One scan over all values, one line range per value.
  const starts: number[] = [];
  let line = 1;
  for (const leaf of all) {
    starts.push(line);
    line += leaf.text.split("\n").length;
  }
  const hits = await findSecrets(all.map((l) => l.text).join("\n"), "Pulumi.stack.yaml");
  const found = new Map<string, PlaintextCredential>();
  for (const hit of hits) {
    let index = starts.length - 1;
    while (index > 0 && (starts[index] ?? 0) > hit.line) index--;
    const leaf = all[index];
    if (leaf === undefined) continue;
    const key = `${leaf.key}${leaf.path}`;
    if (!found.has(key)) found.set(key, { key, nested: leaf.nested, kind: hit.kind });
  }
  return [...found.values()];
}
