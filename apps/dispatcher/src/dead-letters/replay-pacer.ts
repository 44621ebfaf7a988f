import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DISPATCHER_CONFIG } from '../config.js';
import { CLOCK, type Clock } from '../seams.js';
import type { ReplaySettings } from './replay-env.js';
import { TokenBucket } from './token-bucket.js';

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
    const now = this.clock.now();
    let bucket = this.buckets.get(tenantId);
    if (!bucket) {
      bucket = new TokenBucket(this.config.HERALD_REPLAY_RATE, 1, now);
      this.buckets.set(tenantId, bucket);
    }
    const wait = bucket.reserve(now);
    if (wait > 0) await sleep(wait, undefined, { signal });
    signal.throwIfAborted();
  }
}
