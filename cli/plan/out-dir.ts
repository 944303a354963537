import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanDocument } from "./document";

/** Writes DIR/<stack>/ with the stack's launch documents; returns the files written. */
export function writeStackDocuments(outDir: string, doc: PlanDocument): string[] {
  const dir = join(outDir, doc.stack);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [["plan.json", `${JSON.stringify(doc, null, 2)}\n`]];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
