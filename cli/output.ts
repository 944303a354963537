// What the command-line tools (plan, audit, red team, mail proof) share: the report or the JSON on standard output,
// and exit codes that never report a crash as a clean run or as a finding.
import { writeFile } from "node:fs/promises";

/** Writes the result as JSON to `json` ("-": on standard output instead of the report), and the report; false when the file cannot be written. */
export async function emit(command: string, json: string | undefined, result: unknown, report: () => string): Promise<boolean> {
  const document = `${JSON.stringify(result, null, 2)}\n`;
  if (json === "-") {
    process.stdout.write(document);
    return true;
  }
  if (json !== undefined) {
    try {
      await writeFile(json, document);
    } catch (err) {
      process.stderr.write(`${command}: cannot write --json ${json}: ${(err as Error).message}\n`);
      return false;
    }
  }
  process.stdout.write(report());
  return true;
}

/** Every command's exit code for a bug: apart from 1, which means the command found a problem. */
export const EXIT_INTERNAL_ERROR = 3;

/** Runs `main` with the command line and sets the exit code; an unexpected error is a bug: said so, with its stack, exit 3. */
export function runCommand(command: string, main: (argv: string[]) => Promise<number>): void {
  // A reader that stops early (`| head`) is not an error of the command.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${command}: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_INTERNAL_ERROR;
    },
  );
}
