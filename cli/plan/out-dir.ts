import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanDocument } from "./document";
import { dnsMap } from "./documents/dns-map";
import { handover } from "./documents/handover";
import { zoneDocument, zoneFileName } from "./documents/zone";

/** Writes DIR/<stack>/ with the stack's launch documents; returns the files written. */
export function writeStackDocuments(outDir: string, doc: PlanDocument): string[] {
  const dir = join(outDir, doc.stack);
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ["plan.json", `${JSON.stringify(doc, null, 2)}\n`],
    [zoneFileName(doc), zoneDocument(doc)],
    ["dns-map.md", dnsMap(doc)],
    ["handover.md", handover(doc)],
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
