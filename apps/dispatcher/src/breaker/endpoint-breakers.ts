import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EndpointView } from '@herald/contracts';
import { createBreaker, type BreakerSettings, type CircuitBreaker } from '@herald/resilience';
import { PERMANENT_REASONS, type AttemptResult } from '../http/attempt-result.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';

export const BREAKER_SETTINGS = Symbol('BREAKER_SETTINGS');
/** Returned instead of a result when the endpoint's breaker refused the call. */
export const BREAKER_OPEN = Symbol('BREAKER_OPEN');

type Send = () => Promise<AttemptResult>;

/** Carries a failed result through opossum so that it counts as a breaker failure. */
class FailedAttempt extends Error {
  constructor(readonly result: AttemptResult) {
    super(result.error ?? result.reason);
  }
}

interface Entry {
  breaker: CircuitBreaker<[Send], AttemptResult>;
  fingerprint: string;
}

/**
 * One opossum breaker per endpoint in this replica. Invariants: a failed
 * attempt counts as a breaker failure, except SSRF and bad-URL refusals (they
 * say nothing about the receiver); an open breaker yields `BREAKER_OPEN` and
 * never calls `send`; a breaker is rebuilt when its endpoint's URL or the
 * settings change, and forgotten when the endpoint is deleted.
 */
@Injectable()
export class EndpointBreakers implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(BREAKER_SETTINGS) private readonly settings: BreakerSettings,
    private readonly metrics: DispatcherMetrics,
  ) {}

  /** How long a task refused by an open breaker waits before it is tried again. */
  get retryAfterMs(): number {
    return this.settings.resetTimeoutMs;
  }

  async run(
    endpoint: Pick<EndpointView, 'id' | 'url'>,
    send: Send,
  ): Promise<AttemptResult | typeof BREAKER_OPEN> {
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

  private breakerFor(endpoint: Pick<EndpointView, 'id' | 'url'>): Entry['breaker'] {
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
    const id = endpoint.id;
    breaker.on('open', () => this.metrics.breakerState(id, 'open'));
    breaker.on('halfOpen', () => this.metrics.breakerState(id, 'half_open'));
    breaker.on('close', () => this.metrics.breakerState(id, 'closed'));
    this.metrics.breakerState(id, 'closed');
    this.entries.set(id, { breaker, fingerprint });
    return breaker;
  }
}
