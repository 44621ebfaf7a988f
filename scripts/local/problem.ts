/**
 * A problem the person running the script can fix (a port taken, a server
 * missing): reported by its message alone, without a stack trace.
 */
export class Problem extends Error {
  override name = 'Problem';
}

/** The message of anything thrown, for a line of output. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
