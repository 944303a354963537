// `npm run redteam -- --endpoint URL [options]`: red-team cases against a product's AI endpoint (see cli/redteam/).
import { renderFindings } from "./audit/render";
import { exitCode } from "./audit/run";
import { UsageError } from "./usage-error";
import { emit, runCommand } from "./output";
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
  const written = await emit("redteam", parsed.json, report, () => renderFindings(`AI red team of ${report.endpoint}`, report.findings, report.durationMs));
  return written ? exitCode(report) : 2;
}

runCommand("redteam", main);
