// What the command-line tools (plan, audit, red team, mail proof) share: the report or the JSON on standard output,
// and exit codes that never report a crash as a clean run or as a finding.
import { writeFile } from "node:fs/promises";
import { HelpRequested, UsageError } from "./usage-error";

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

/** Every command's exit code for a mistake in how it was called or in its input files. */
export const EXIT_USAGE = 2;

/** Every command's exit code for a bug: apart from 1, which means the command found a problem. */
export const EXIT_INTERNAL_ERROR = 3;

const line = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

/**
 * Runs `main` with the command line and sets the exit code. A UsageError (a mistake in the call or its input files) is
 * said in one message, with the usage when the command has one: exit 2. HelpRequested prints the usage: exit 0. Any
 * other error is a bug: said so, with its stack, exit 3.
 */
export function runCommand(command: string, main: (argv: string[]) => Promise<number>, usage?: string): void {
  // A reader that stops early (`| head`) is not an error of the command.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  // Through a promise, so that a main which throws before its first await is handled like one that rejects.
  Promise.resolve(process.argv.slice(2)).then(main).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof HelpRequested) {
        process.stdout.write(line(usage ?? err.message));
        process.exitCode = 0;
      } else if (err instanceof UsageError) {
        process.stderr.write(`${command}: ${err.message}\n${usage === undefined ? "" : `\n${line(usage)}`}`);
        process.exitCode = EXIT_USAGE;
      } else {
        process.stderr.write(`${command}: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = EXIT_INTERNAL_ERROR;
      }
    },
  );
}
