/** A mistake in how the command was called or in its input files: reported in one message, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
