/**
 * A mistake in how a command was called or in its input files, for every CLI (plan, audit, red team, mail proof):
 * reported in one message that says what is wrong and what is allowed, exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** -h/--help: the usage on standard output, exit code 0. */
export class HelpRequested extends UsageError {}
