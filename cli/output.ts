// What the audit, the red-team run and the mail proof share on the command line: the report or the JSON on standard
// output, and an exit code that never reports a crash as a clean run.
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

/** Runs `main` with the command line and sets the exit code; an unexpected error is a bug: said so, with its stack, exit 1. */
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
      process.exitCode = 1;
    },
  );
}
