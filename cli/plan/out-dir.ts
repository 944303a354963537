import { accessSync, constants, mkdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { PlanDocument } from "./document";
import { dnsMap } from "./documents/dns-map";
import { handover } from "./documents/handover";
import { zoneDocument, zoneFileName } from "./documents/zone";
import { UsageError } from "../usage-error";

/** Kernel pseudo-filesystems: writes there fail or, worse, block (a /proc file can wait for input forever). */
const PSEUDO_FILESYSTEMS = ["/proc", "/sys", "/dev"];

/** The nearest existing ancestor of path (path itself when it exists), resolved through symlinks. */
function nearestExisting(path: string): string {
  let dir = resolve(path);
  while (!exists(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return realpathSync(dir);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function refuseUnwritable(option: string, path: string, folder: string): void {
  const real = nearestExisting(folder);
  if (PSEUDO_FILESYSTEMS.some((p) => real === p || real.startsWith(`${p}/`))) {
    throw new UsageError(`${option} ${path} is under ${real}, a system folder where files cannot be written. Pass a folder of your project, such as launch-documents.`);
  }
  if (!statSync(real).isDirectory()) {
    throw new UsageError(`${option} ${path} cannot be created: ${real} is a file, not a folder. Pass a path inside a folder.`);
  }
  try {
    accessSync(real, constants.W_OK);
  } catch {
    throw new UsageError(`${option} ${path} cannot be written: ${real} is not writable for this user. Pass a folder you can write to.`);
  }
}

/** Checks before planning that DIR can hold the launch documents: an existing folder, or one that can be created. */
export function checkOutDir(outDir: string): void {
  if (exists(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out-dir ${outDir} is a file, not a folder. Pass a folder (it is created when missing).`);
  refuseUnwritable("--out-dir", outDir, outDir);
}

/** Checks before planning that FILE can be written: not a folder, inside an existing writable folder. */
export function checkJsonFile(file: string): void {
  if (exists(file) && statSync(file).isDirectory()) throw new UsageError(`--json ${file} is a folder: pass a file name, such as ${join(file, "plan.json")}.`);
  const folder = dirname(resolve(file));
  if (!exists(folder)) throw new UsageError(`--json ${file}: the folder ${folder} does not exist. Create it first, or pass a file in an existing folder.`);
  refuseUnwritable("--json", file, folder);
}

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
