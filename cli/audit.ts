// `npm run audit -- DOMAIN [options]`: live launch audit of a domain (see cli/audit/args.ts for the options).
import { parseAuditArgs, USAGE } from "./audit/args";
import { renderReport } from "./audit/render";
import { exitCode, runAudit } from "./audit/run";
import { HelpRequested } from "./usage-error";
import { emit, EXIT_USAGE, runCommand } from "./output";

async function main(argv: string[]): Promise<number> {
  const parsed = await parseAuditArgs(argv);
  if (parsed.help) throw new HelpRequested(USAGE);
  const { options, json } = parsed;
  const terminal = process.stderr.isTTY === true;
  if (terminal) {
    options.onProgress = (done, total) => process.stderr.write(`\rAuditing ${options.domain}: ${done}/${total} checks done`);
  }
  const report = await runAudit(options);
  if (terminal) process.stderr.write("\r\x1b[K");
  return (await emit("audit", json, report, () => renderReport(report))) ? exitCode(report) : EXIT_USAGE;
}

runCommand("audit", main, USAGE);
