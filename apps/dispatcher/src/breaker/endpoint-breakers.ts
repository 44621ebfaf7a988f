import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { BreakerState as BreakerChange, EndpointView } from '@herald/contracts';
import { createBreaker, type BreakerSettings, type CircuitBreaker } from '@herald/resilience';
import { PERMANENT_REASONS, type AttemptResult } from '../http/attempt-result.js';
import { DispatcherMetrics, type BreakerState } from '../metrics/dispatcher-metrics.js';
import { CLOCK, type Clock } from '@herald/runtime';

export const BREAKER_SETTINGS = Symbol('BREAKER_SETTINGS');
/** Told of every breaker state change (the dispatcher publishes it on core NATS). */
export const BREAKER_ANNOUNCER = Symbol('BREAKER_ANNOUNCER');
export type BreakerAnnouncer = (change: Omit<BreakerChange, 'replica'>) => void;

/** Returned instead of a result when the endpoint's breaker refused the call. */
export const BREAKER_OPEN = Symbol('BREAKER_OPEN');

type Send = () => Promise<AttemptResult>;
type BreakerEndpoint = Pick<EndpointView, 'id' | 'url' | 'tenantId'>;

/** Carries a failed result through opossum so that it counts as a breaker failure. */
class FailedAttempt extends Error {
  constructor(readonly result: AttemptResult) {
    super(result.error ?? result.reason);
  }
}

interface Entry {
  breaker: CircuitBreaker<[Send], AttemptResult>;
  fingerprint: string;
  /** When the breaker last opened (epoch ms); null while closed or half-open. */
  openedAt: number | null;
}

/** Shortest wait before a task refused by an open breaker is looked at again. */
const MIN_BREAKER_WAIT_MS = 100;

/**
 * One opossum breaker per endpoint in this replica. Invariants: a failed
 * attempt counts as a breaker failure, except SSRF, bad-URL and 410 refusals
 * (they say nothing about the receiver's health); an open breaker yields
 * `BREAKER_OPEN` and never calls `send`; every state change is exported as a
 * metric and announced; a breaker is rebuilt when its endpoint's URL or the
 * settings change, and forgotten when the endpoint is deleted.
 */
@Injectable()
export class EndpointBreakers implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(BREAKER_SETTINGS) private readonly settings: BreakerSettings,
    private readonly metrics: DispatcherMetrics,
    @Inject(BREAKER_ANNOUNCER) private readonly announce: BreakerAnnouncer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * How long until the endpoint's open breaker lets a probe through, or null
   * when it is not open (closed or half-open: calls may go through).
   */
  openFor(endpointId: string): number | null {
    const entry = this.entries.get(endpointId);
    if (!entry?.breaker.opened || entry.openedAt === null) return null;
    const remaining = entry.openedAt + this.settings.resetTimeoutMs - this.clock.now();
    return Math.max(MIN_BREAKER_WAIT_MS, remaining);
  }

  async run(endpoint: BreakerEndpoint, send: Send): Promise<AttemptResult | typeof BREAKER_OPEN> {
    try {
      return await this.breakerFor(endpoint).fire(send);
    } catch (error) {
      if (error instanceof FailedAttempt) return error.result;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') return BREAKER_OPEN;
      throw error;
    }
  }

  forget(endpointId: string): void {
    this.entries.get(endpointId)?.breaker.shutdown();
    this.entries.delete(endpointId);
    this.metrics.forgetBreaker(endpointId);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  private breakerFor(endpoint: BreakerEndpoint): Entry['breaker'] {
    const fingerprint = JSON.stringify([endpoint.url, this.settings]);
    const existing = this.entries.get(endpoint.id);
    if (existing?.fingerprint === fingerprint) return existing.breaker;
    existing?.breaker.shutdown();
    const breaker = createBreaker<[Send], AttemptResult>(
      endpoint.id,
      async (send) => {
        const result = await send();
        if (result.outcome === 'failure' && !PERMANENT_REASONS.has(result.reason)) {
          throw new FailedAttempt(result);
        }
        return result;
      },
      this.settings,
    );
    const entry: Entry = { breaker, fingerprint, openedAt: null };
    const changed = (state: BreakerState) => {
      entry.openedAt = state === 'open' ? this.clock.now() : null;
      this.metrics.breakerState(endpoint.id, state);
      this.announce({
        endpointId: endpoint.id,
        tenantId: endpoint.tenantId,
        state,
        at: new Date(this.clock.now()).toISOString(),
      });
    };
    breaker.on('open', () => changed('open'));
    breaker.on('halfOpen', () => changed('half_open'));
    breaker.on('close', () => changed('closed'));
    this.metrics.breakerState(endpoint.id, 'closed');
    this.entries.set(endpoint.id, entry);
    return breaker;
  }
}
