// Command line → RedteamOptions. Every mistake is a UsageError that says what was received and what is allowed.
import { integer } from "../audit/args";
import { parseCommandLine, SEE_USAGE, UsageError } from "../usage-error";
import { CASES } from "./cases";
import { CHAT_PLACEHOLDERS, fill, loadRedteamFile, UPLOAD_PLACEHOLDERS } from "./config";
import type { RedteamOptions } from "./run";

export const USAGE = `Usage: npm run redteam -- --endpoint URL [options]

Runs ${CASES.length} red-team cases (prompt injection from uploaded text, another customer's data, tool calls outside
the caller's rights, system-prompt disclosure, unsafe instructions) against a product's chat or AI endpoint, as two
test accounts described in the red-team file, and ranks the findings, launch-stopping first.

Options:
  --endpoint URL        the chat endpoint (http:// or https://); the upload URL may be relative to it
  --config FILE         the red-team file: request templates, test accounts, markers (default redteam.json)
  --json FILE           also write the findings as JSON to FILE ("-": JSON on stdout instead of the report)
  --timeout-ms N        per request (default 60000)
  --concurrency N       cases in flight at once (default 4)
  -h, --help            show this help

Exit codes: 0 no launch-stopping problem; 1 a launch-stopping case failed or could not run; 2 usage error;
3 internal error (please report it).
`;

export type ParsedArgs = { help: true } | { help: false; options: RedteamOptions; json?: string };

export async function parseRedteamArgs(argv: string[], env: NodeJS.ProcessEnv): Promise<ParsedArgs> {
  const { values } = parseCommandLine(
    {
      args: argv,
      strict: true,
      options: {
        endpoint: { type: "string" },
        config: { type: "string" },
        json: { type: "string" },
        "timeout-ms": { type: "string" },
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    SEE_USAGE,
  );
  if (values.help) return { help: true };
  if (values.endpoint === undefined) throw new UsageError("give the chat endpoint, e.g. npm run redteam -- --endpoint https://staging.example.com/api/chat.");
  let endpoint: URL;
  try {
    endpoint = new URL(values.endpoint);
  } catch {
    throw new UsageError(`--endpoint must be an http:// or https:// URL; got "${values.endpoint}".`);
  }
  if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") throw new UsageError(`--endpoint must be an http:// or https:// URL; got "${values.endpoint}".`);
  const file = await loadRedteamFile(values.config ?? "redteam.json");
  // Every placeholder and environment variable is checked before the first request.
  const blank = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, ""]));
  fill(file.accounts, {}, env, "accounts");
  fill(file.chat.headers, blank(CHAT_PLACEHOLDERS), env, "chat.headers");
  fill(file.chat.body, blank(CHAT_PLACEHOLDERS), env, "chat.body");
  fill(file.upload.headers, blank(UPLOAD_PLACEHOLDERS), env, "upload.headers");
  fill(file.upload.body, blank(UPLOAD_PLACEHOLDERS), env, "upload.body");
  const options: RedteamOptions = {
    endpoint,
    file,
    timeoutMs: integer("timeout-ms", values["timeout-ms"], 60_000, 100, 600_000),
    concurrency: integer("concurrency", values.concurrency, 4, 1, 32),
    env,
  };
  return values.json === undefined ? { help: false, options } : { help: false, options, json: values.json };
}
