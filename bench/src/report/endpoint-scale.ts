/**
 * Pure helpers of the `endpoints-10k` scenario: how endpoints are split over
 * tenants, which tenants are sampled, per-event completion times, and memory
 * per endpoint. No I/O.
 */

/** `total` split over `parts` as evenly as possible; the first parts take the remainder. */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`not a count: ${total}`);
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`not a number of parts: ${parts}`);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Every (part, index) of parts sized `sizes`, going round the parts: each
 * part's first item, then each part's second, … — so that consecutive items
 * belong to different parts (tenants) for as long as there are several left.
 */
export function roundRobin(sizes: number[]): { part: number; index: number }[] {
  const items: { part: number; index: number }[] = [];
  const longest = Math.max(0, ...sizes);
  for (let index = 0; index < longest; index++) {
    sizes.forEach((size, part) => {
      if (index < size) items.push({ part, index });
    });
  }
  return items;
}

/**
 * `k` distinct indices of `0 … n-1`, spread evenly (the first is 0), so a
 * sample of tenants covers those created early and late alike.
 */
export function spreadIndices(n: number, k: number): number[] {
  const count = Math.min(Math.max(0, Math.floor(k)), n);
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}

export interface MessageCompletion {
  seq: number;
  /** From the publish of the message until its last delivery arrived. */
  ms: number;
  deliveries: number;
}

/**
 * Per message of one receiver tag (`seq`, `sent` and `received` are parallel,
 * one entry per unique delivery): the time from its publish until the last of
 * its deliveries arrived, in order of `seq`.
 */
export function completionPerMessage(report: {
  seq: ArrayLike<number>;
  sent: ArrayLike<number>;
  received: ArrayLike<number>;
}): MessageCompletion[] {
  const bySeq = new Map<number, { sent: number; last: number; deliveries: number }>();
  for (let i = 0; i < report.seq.length; i++) {
    const seq = report.seq[i]!;
    const entry = bySeq.get(seq);
    if (entry) {
      entry.last = Math.max(entry.last, report.received[i]!);
      entry.deliveries += 1;
    } else {
      bySeq.set(seq, { sent: report.sent[i]!, last: report.received[i]!, deliveries: 1 });
    }
  }
  return [...bySeq]
    .sort(([a], [b]) => a - b)
    .map(([seq, { sent, last, deliveries }]) => ({ seq, ms: last - sent, deliveries }));
}

/**
 * Deliveries per second over a burst: unique deliveries divided by the time
 * from the first publish to the last receipt; NaN when nothing arrived.
 */
export function burstRate(report: {
  sent: ArrayLike<number>;
  received: ArrayLike<number>;
}): number {
  if (report.received.length === 0) return Number.NaN;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < report.received.length; i++) {
    first = Math.min(first, report.sent[i]!);
    last = Math.max(last, report.received[i]!);
  }
  return last > first ? (report.received.length * 1000) / (last - first) : Number.NaN;
}

/** Growth from `beforeMb` to `afterMb`, in KB per endpoint; null when either is unknown. */
export function kbPerEndpoint(
  beforeMb: number | null,
  afterMb: number | null,
  endpoints: number,
): number | null {
  if (beforeMb === null || afterMb === null || !(endpoints > 0)) return null;
  if (!Number.isFinite(beforeMb) || !Number.isFinite(afterMb)) return null;
  return ((afterMb - beforeMb) * 1024) / endpoints;
}
