/** A mistake in how the command was called or in its input files: reported in one message, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** -h/--help: the usage on standard output, exit code 0. */
export class HelpRequested extends UsageError {}
