/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC via
 * `process.hrtime`), with sub-millisecond precision. Every bench process reads
 * the same clock, so a publish time stamped in one process and a receipt time
 * read in another subtract exactly — no wall-clock steps, no skew.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
