/**
 * Waiting for a dependency (NATS, Postgres) at start-up instead of exiting.
 * The delay doubles from `initialMs` and is capped at `maxMs` (1 s by default)
 * so that a service becomes ready within about a second of its dependency
 * answering, however long it waited. Invariant: `waitForDependency` never
 * gives up; it returns the first successful attempt's result, and only an
 * error the caller classifies as permanent ends it early.
 */

export interface DependencyBackoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_DEPENDENCY_BACKOFF: DependencyBackoff = { initialMs: 100, maxMs: 1_000 };

/** Delay before attempt `failures + 1`, after `failures` (≥ 1) failed attempts. */
export function dependencyDelay(failures: number, backoff = DEFAULT_DEPENDENCY_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}

export interface DependencyWait {
  /** What is awaited, for the log: `NATS at nats://…`. */
  what: string;
  backoff?: DependencyBackoff;
  /** Called after each failed attempt with the delay before the next one. */
  onRetry?: (error: unknown, failures: number, delayMs: number) => void;
  /** Errors that retrying cannot fix (bad credentials, a broken migration); thrown at once. */
  isPermanent?: (error: unknown) => boolean;
  /** Seam for tests. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, backing off between failures. */
export async function waitForDependency<T>(
  attempt: () => Promise<T>,
  options: DependencyWait,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let failures = 1; ; failures += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (options.isPermanent?.(error)) throw error;
      const delayMs = dependencyDelay(failures, options.backoff);
      options.onRetry?.(error, failures, delayMs);
      await sleep(delayMs);
    }
  }
}

/**
 * A log-friendly rule for `onRetry`: report the first failure and then one in
 * every `every`, so a long outage does not flood the log.
 */
export const shouldReport = (failures: number, every = 10): boolean =>
  failures === 1 || failures % every === 0;
