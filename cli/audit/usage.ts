/** A mistake in how the audit was called (exit code 2): the message says what is wrong and what is allowed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
