/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP date. Returns milliseconds from `nowMs`, capped at `capMs` and never
 * negative; null when the header is absent or unreadable (the schedule then
 * applies). Only 429 and 503 are asked to honour it.
 */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export function parseRetryAfter(
  header: string | string[] | undefined,
  nowMs: number,
  capMs: number,
): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  let delayMs: number;
  if (/^\d+$/.test(value)) {
    delayMs = Number(value) * 1_000;
  } else {
    // HTTP dates name their weekday and month; this keeps Date.parse from reading "-5" as a year.
    const at = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) return null;
    delayMs = at - nowMs;
  }
  return Math.min(capMs, Math.max(0, delayMs));
}
