import type { WindowAttempt } from './classify.js';

/** One recent failure, as the health view shows it (the endpoint's error log). */
export interface ErrorEntry {
  attemptId: string;
  messageId: string;
  eventType: string;
  attempt: number;
  at: string;
  statusCode: number | null;
  reason: string;
  error: string | null;
  latencyMs: number;
  /** The receiver's answer, cut to `RESPONSE_EXCERPT_CHARS` (the full 4 KiB is in the attempt log). */
  responseBody: string | null;
}

export const RESPONSE_EXCERPT_CHARS = 1_024;

/**
 * The `limit` newest failures of one endpoint, newest first. Invariants: an
 * attempt appears once however often it is added; adding an older failure
 * than all kept ones when full changes nothing.
 */
export class LatestErrors {
  private entries: ErrorEntry[] = [];

  constructor(private readonly limit: number) {}

  add(attempt: WindowAttempt): void {
    if (this.entries.some((e) => e.attemptId === attempt.attemptId)) return;
    const entry = toEntry(attempt);
    const at = Date.parse(entry.at);
    let i = 0;
    while (i < this.entries.length && Date.parse(this.entries[i]!.at) >= at) i++;
    if (i >= this.limit) return;
    this.entries.splice(i, 0, entry);
    if (this.entries.length > this.limit) this.entries.length = this.limit;
  }

  list(since: number): ErrorEntry[] {
    return this.entries.filter((e) => Date.parse(e.at) > since);
  }

  prune(since: number): boolean {
    this.entries = this.list(since);
    return this.entries.length === 0;
  }
}

function toEntry(attempt: WindowAttempt): ErrorEntry {
  const body = attempt.responseBody;
  return {
    attemptId: attempt.attemptId,
    messageId: attempt.messageId,
    eventType: attempt.eventType,
    attempt: attempt.attempt,
    at: new Date(attempt.at).toISOString(),
    statusCode: attempt.statusCode,
    reason: attempt.reason,
    error: attempt.error,
    latencyMs: attempt.latencyMs,
    responseBody:
      body === null || body.length <= RESPONSE_EXCERPT_CHARS
        ? body
        : `${body.slice(0, RESPONSE_EXCERPT_CHARS)}…`,
  };
}
