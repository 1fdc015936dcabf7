/**
 * Error classes the CLI maps to exit codes (see cli/main.ts). Commands throw; they never call process.exit.
 *
 * - UserError: bad flag, environment variable, scenario or input file. One line, exit 2.
 * - StackError: a component could not be installed, started, reached or made ready. Exit 3.
 * Assertion failures are results, not errors (exit 1). Anything else is a bug (exit 70).
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export class StackError extends Error {
  override readonly name = 'StackError';
  constructor(
    message: string,
    /** Last lines of the failing component's log, shown under the one-line message. */
    readonly logTail: string[] = [],
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const EXIT = {
  ok: 0,
  assertionsFailed: 1,
  userError: 2,
  stackError: 3,
  internal: 70,
} as const;

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: string }).code;
    if (cause instanceof Error && cause.message && !error.message.includes(cause.message)) {
      return `${error.message}: ${cause.message}`;
    }
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
