// `npm run redteam -- --endpoint URL [options]`: red-team cases against a product's AI endpoint (see cli/redteam/).
import { renderFindings } from "./audit/render";
import { exitCode } from "./audit/run";
import { HelpRequested } from "./usage-error";
import { emit, EXIT_USAGE, runCommand } from "./output";
import { parseRedteamArgs, USAGE } from "./redteam/args";
import { runRedteam } from "./redteam/run";

async function main(argv: string[]): Promise<number> {
  const parsed = await parseRedteamArgs(argv, process.env);
  if (parsed.help) throw new HelpRequested(USAGE);
  const report = await runRedteam(parsed.options);
  const written = await emit("redteam", parsed.json, report, () => renderFindings(`AI red team of ${report.endpoint}`, report.findings, report.durationMs));
  return written ? exitCode(report) : EXIT_USAGE;
}

runCommand("redteam", main, USAGE);
