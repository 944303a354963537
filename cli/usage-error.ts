import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * A mistake in how a command was called or in its input files, for every CLI (plan, audit, red team, mail proof):
 * reported in one message that says what is wrong and what is allowed, exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** -h/--help: the usage on standard output, exit code 0. */
export class HelpRequested extends UsageError {}

/** The `fix` of a parse error: runCommand prints the usage after every UsageError of a command that has one. */
export const SEE_USAGE = "Check the option and its value against the usage below.";

const isParseArgsError = (err: unknown): err is Error & { code: string } =>
  err instanceof Error && "code" in err && typeof err.code === "string" && err.code.startsWith("ERR_PARSE_ARGS_");

/** What a command takes, from its parseArgs options: "--json VALUE, --page VALUE (repeatable), -h/--help". */
function optionList(config: ParseArgsConfig): string {
  return Object.entries(config.options ?? {})
    .map(([name, o]) => `${o.short === undefined ? "" : `-${o.short}/`}--${name}${o.type === "string" ? " VALUE" : ""}${o.multiple ? " (repeatable)" : ""}`)
    .join(", ");
}

/**
 * node:util parseArgs (strict), with its errors as a UsageError that names what was wrong and the value received
 * (node's own words, e.g. "Unknown option '--stak'"), what the command takes, and how to fix it: `fix`, such as the
 * usage text, or a pointer to it.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, fix: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    if (!isParseArgsError(err)) throw err;
    const reason = err.message.replace(/\s*\n\s*/g, " ").replace(/\.$/, "");
    throw new UsageError(`${reason}. The options are ${optionList(config)}. ${fix}`);
  }
}
