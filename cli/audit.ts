// `npm run audit -- DOMAIN [options]`: live launch audit of a domain (see cli/audit/args.ts for the options).
import { parseAuditArgs, USAGE } from "./audit/args";
import { renderReport } from "./audit/render";
import { exitCode, runAudit } from "./audit/run";
import { UsageError } from "./usage-error";
import { emit, runCommand } from "./output";

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
  return (await emit("audit", json, report, () => renderReport(report))) ? exitCode(report) : 2;
}

runCommand("audit", main);
