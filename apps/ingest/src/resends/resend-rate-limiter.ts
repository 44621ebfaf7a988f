import { takeToken, isFull, type TokenBucket, type TokenBucketLimits } from '@herald/resilience';
import type { Clock } from '@herald/runtime';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Buckets kept before full ones are swept; a full bucket is the same as none. */
const SWEEP_AT = 10_000;

/**
 * Resend rate limit, one token bucket per tenant, in this replica's memory.
 * With N ingest replicas a tenant may resend up to N times the configured
 * rate; the limit protects receivers and the dispatcher from runaway scripts,
 * it is not a billing quota. Memory stays bounded: full buckets are forgotten.
 */
export class ResendRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: TokenBucketLimits,
    private readonly clock: Clock,
  ) {}

  take(tenantId: string): RateDecision {
    const now = this.clock.monotonic();
    if (this.buckets.size >= SWEEP_AT) this.sweep(now);
    const result = takeToken(this.buckets.get(tenantId), now, this.limits);
    this.buckets.set(tenantId, result.bucket);
    if (result.allowed) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
    };
  }

  /** Buckets currently remembered (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [tenantId, bucket] of this.buckets) {
      if (isFull(bucket, now, this.limits)) this.buckets.delete(tenantId);
    }
  }
}
