/**
 * A token bucket as pure functions: the caller passes the bucket and the
 * current time, and keeps the bucket that comes back. A fresh bucket is full
 * (`burst` tokens); it refills continuously at `ratePerSecond` and never
 * holds more than `burst`. Each request takes one whole token.
 *
 * Times are milliseconds from a monotonic clock; if time appears to go
 * backwards the bucket simply does not refill (it never gains tokens twice
 * for the same interval).
 */
export interface TokenBucketLimits {
  /** Tokens added per second (may be fractional, e.g. 0.5). */
  ratePerSecond: number;
  /** Capacity: how many requests may pass at once after a quiet period. */
  burst: number;
}

export interface TokenBucket {
  tokens: number;
  /** When `tokens` was last computed (monotonic ms). */
  at: number;
}

export type TakeResult =
  | { allowed: true; bucket: TokenBucket }
  | { allowed: false; bucket: TokenBucket; retryAfterMs: number };

/** The bucket's content at `now`, refilled since it was last computed. */
export function refill(
  bucket: TokenBucket | undefined,
  now: number,
  limits: TokenBucketLimits,
): TokenBucket {
  if (!bucket) return { tokens: limits.burst, at: now };
  if (now <= bucket.at) return bucket;
  const tokens = bucket.tokens + ((now - bucket.at) / 1000) * limits.ratePerSecond;
  return { tokens: Math.min(limits.burst, tokens), at: now };
}

/** Takes one token if there is one; otherwise says how long until there will be. */
export function takeToken(
  bucket: TokenBucket | undefined,
  now: number,
  limits: TokenBucketLimits,
): TakeResult {
  const current = refill(bucket, now, limits);
  if (current.tokens >= 1) {
    return { allowed: true, bucket: { tokens: current.tokens - 1, at: current.at } };
  }
  const retryAfterMs = Math.ceil(((1 - current.tokens) / limits.ratePerSecond) * 1000);
  return { allowed: false, bucket: current, retryAfterMs };
}

/** Whether the bucket would be full at `now` — then it is the same as no bucket and can be forgotten. */
export function isFull(bucket: TokenBucket, now: number, limits: TokenBucketLimits): boolean {
  return refill(bucket, now, limits).tokens >= limits.burst;
}
