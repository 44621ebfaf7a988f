import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { takeToken, type TokenBucket } from '@herald/resilience';
import { DISPATCHER_CONFIG } from '../config.js';
import { CLOCK, type Clock } from '@herald/runtime';
import type { ReplaySettings } from './replay-env.js';

/**
 * Paces replay jobs: one token bucket per tenant on this replica, shared by
 * that tenant's jobs, at `HERALD_REPLAY_RATE` per second with no burst, so a
 * bulk replay never floods the delivery stream or the tenant's receivers.
 */
@Injectable()
export class ReplayPacer {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DISPATCHER_CONFIG) private readonly config: ReplaySettings,
  ) {}

  /** Resolves when the tenant may publish its next task; rejects once `signal` aborts. */
  async next(tenantId: string, signal: AbortSignal): Promise<void> {
    const limits = { ratePerSecond: this.config.HERALD_REPLAY_RATE, burst: 1 };
    for (;;) {
      signal.throwIfAborted();
      const taken = takeToken(this.buckets.get(tenantId), this.clock.monotonic(), limits);
      this.buckets.set(tenantId, taken.bucket);
      if (taken.allowed) return;
      await sleep(taken.retryAfterMs, undefined, { signal });
    }
  }
}
