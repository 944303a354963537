// `npm run audit -- DOMAIN [options]`: live launch audit of a domain (see cli/audit/args.ts for the options).
import { writeFile } from "node:fs/promises";
import { parseAuditArgs, USAGE } from "./audit/args";
import { renderReport } from "./audit/render";
import { exitCode, runAudit } from "./audit/run";
import { UsageError } from "./audit/usage";

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = await parseAuditArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`audit: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { options, json } = parsed;
  const terminal = process.stderr.isTTY === true;
  if (terminal) {
    options.onProgress = (done, total) => process.stderr.write(`\rAuditing ${options.domain}: ${done}/${total} checks done`);
  }
  const report = await runAudit(options);
  if (terminal) process.stderr.write("\r\x1b[K");
  const document = `${JSON.stringify(report, null, 2)}\n`;
  if (json === "-") {
    process.stdout.write(document);
  } else {
    if (json !== undefined) {
      try {
        await writeFile(json, document);
      } catch (err) {
        process.stderr.write(`audit: cannot write --json ${json}: ${(err as Error).message}\n`);
        return 2;
      }
    }
    process.stdout.write(renderReport(report));
  }
  return exitCode(report);
}

// A reader that stops early (`| head`) is not an error of the audit.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Not a user mistake: a bug in the audit. Say so, with the stack, and do not report a clean run.
    process.stderr.write(`audit: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
