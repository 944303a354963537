import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR } from "./harness";

/** examples/<use-case>/: one stack file a consultant starts from, with a README saying when to use it. */
export const EXAMPLES_DIR = join(PROJECT_DIR, "examples");

export interface Example {
  useCase: string;
  dir: string;
  /** Every file of the folder, by name. */
  files: string[];
  /** The folder's Pulumi.<stack>.yaml files (one, when the example is well formed). */
  stackFiles: string[];
}

export function examples(): Example[] {
  return readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(EXAMPLES_DIR, entry.name);
      const files = readdirSync(dir).sort();
      return { useCase: entry.name, dir, files, stackFiles: files.filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f)).map((f) => join(dir, f)) };
    })
    .sort((a, b) => a.useCase.localeCompare(b.useCase));
}

/** The stack file of one use case's example. */
export const exampleStackFile = (useCase: string, stack: string) => join(EXAMPLES_DIR, useCase, `Pulumi.${stack}.yaml`);
