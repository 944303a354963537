import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { readStackFile } from "../../cli/plan/stack-file";
import { EXAMPLES_DIR } from "../helpers/examples";
import { PROD_STACK_FILE, PROJECT_DIR, runStack, type StackRun } from "../helpers/harness";

/** Where test stacks live: every Pulumi.<stack>.yaml below it is planned and checked, whoever adds it. */
export const FIXTURES_DIR = join(PROJECT_DIR, "test", "fixtures");

function stackFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stackFilesUnder(path);
    return /^Pulumi\.[^.]+\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** The template's stack, every fixture stack and every example (examples/<use-case>/), by path relative to the project. */
export const STACK_FILES: readonly string[] = [PROD_STACK_FILE, ...stackFilesUnder(FIXTURES_DIR).sort(), ...stackFilesUnder(EXAMPLES_DIR).sort()];

export const label = (file: string): string => relative(PROJECT_DIR, file);

/** Plans one stack file under the mocks, as `npm run plan -- --config-file FILE` does. */
export async function planStackFile(file: string): Promise<StackRun> {
  const stack = readStackFile(file);
  return runStack({ config: stack.config, secretKeys: stack.secretKeys, stack: stack.stack });
}
