// `npm run redteam -- --endpoint URL [options]`: red-team cases against a product's AI endpoint (see cli/redteam/).
import { writeFile } from "node:fs/promises";
import { renderFindings } from "./audit/render";
import { exitCode } from "./audit/run";
import { UsageError } from "./audit/usage";
import { parseRedteamArgs, USAGE } from "./redteam/args";
import { runRedteam } from "./redteam/run";

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = await parseRedteamArgs(argv, process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`redteam: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const report = await runRedteam(parsed.options);
  const document = `${JSON.stringify(report, null, 2)}\n`;
  if (parsed.json === "-") {
    process.stdout.write(document);
  } else {
    if (parsed.json !== undefined) {
      try {
        await writeFile(parsed.json, document);
      } catch (err) {
        process.stderr.write(`redteam: cannot write --json ${parsed.json}: ${(err as Error).message}\n`);
        return 2;
      }
    }
    process.stdout.write(renderFindings(`AI red team of ${report.endpoint}`, report.findings, report.durationMs));
  }
  return exitCode(report);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Not a user mistake: a bug in the runner. Say so, with the stack, and do not report a clean run.
    process.stderr.write(`redteam: internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
