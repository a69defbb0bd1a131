/**
 * Bad usage or bad input (exit 2): the message says what was wrong and what to do, in one line.
 * Anything the CLI can blame on its input is thrown as this, never as a raw Error.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The run could not complete (exit 3): sign-in, unreachable ARM, an unreadable cluster. */
export class IncompleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteError';
  }
}

export const EXIT = { ok: 0, problem: 1, usage: 2, incomplete: 3 } as const;
