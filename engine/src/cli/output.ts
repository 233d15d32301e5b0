/** Where a command writes: process.stdout / process.stderr, or a collector in tests. */
export interface Output {
  write(text: string): unknown;
  /** A terminal redraws the progress bar in place; anything else gets a line now and then. */
  isTTY?: boolean;
}

/** A usage mistake (unknown option, missing argument): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command could not do its job (server unreachable, folder missing): exit status 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}
