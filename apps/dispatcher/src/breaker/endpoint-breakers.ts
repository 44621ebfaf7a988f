import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { BreakerState as BreakerChange, EndpointView } from '@herald/contracts';
import {
  breakerMaker,
  windowClockFor,
  WINDOW_BUCKETS,
  type BreakerSettings,
  type CircuitBreaker,
  type WindowClock,
} from '@herald/resilience';
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

/** The action of every endpoint's breaker: a failed result counts as a breaker failure. */
async function attempt(send: Send): Promise<AttemptResult> {
  const result = await send();
  if (result.outcome === 'failure' && !PERMANENT_REASONS.has(result.reason)) {
    throw new FailedAttempt(result);
  }
  return result;
}

interface Entry {
  breaker: CircuitBreaker<[Send], AttemptResult>;
  /** The endpoint's URL the breaker was made for. */
  url: string;
  /** When the breaker last opened (epoch ms); null while closed or half-open. */
  openedAt: number | null;
  /** Attempts through this breaker not yet settled. */
  running: number;
  /** The window clock's turn at which an attempt last settled (or started). */
  lastTurn: number;
}

/** Shortest wait before a task refused by an open breaker is looked at again. */
const MIN_BREAKER_WAIT_MS = 100;

/**
 * One opossum breaker per endpoint in this replica. Invariants: a failed
 * attempt counts as a breaker failure, except SSRF, bad-URL and 410 refusals
 * (they say nothing about the receiver's health); an open breaker yields
 * `BREAKER_OPEN` and never calls `send`; every state change is exported as a
 * metric and announced; a breaker is rebuilt when its endpoint's URL
 * changes, and forgotten when the endpoint is deleted — or once it
 * idled a whole window while closed: then its window is empty again and a
 * new breaker decides exactly as it would, so idle endpoints cost nothing
 * here (ADR 0092). The breakers share their action, options and one timer
 * turning their windows.
 */
@Injectable()
export class EndpointBreakers implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private readonly windows: WindowClock;
  private readonly newBreaker: () => CircuitBreaker<[Send], AttemptResult>;

  constructor(
    @Inject(BREAKER_SETTINGS) private readonly settings: BreakerSettings,
    private readonly metrics: DispatcherMetrics,
    @Inject(BREAKER_ANNOUNCER) private readonly announce: BreakerAnnouncer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.windows = windowClockFor(settings, () => this.forgetIdle());
    this.newBreaker = breakerMaker('endpoint', attempt, settings, this.windows);
  }

  /** Breakers held now (endpoints delivered to within about a window, or not closed). */
  get size(): number {
    return this.entries.size;
  }

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
    const entry = this.entryFor(endpoint);
    entry.running += 1;
    entry.lastTurn = this.windows.turns;
    try {
      return await entry.breaker.fire(send);
    } catch (error) {
      if (error instanceof FailedAttempt) return error.result;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') return BREAKER_OPEN;
      throw error;
    } finally {
      entry.running -= 1;
      entry.lastTurn = this.windows.turns;
    }
  }

  forget(endpointId: string): void {
    this.entries.get(endpointId)?.breaker.shutdown();
    this.entries.delete(endpointId);
    this.metrics.forgetBreaker(endpointId);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
    this.windows.stop();
  }

  /**
   * Forgets every breaker that is closed, runs nothing and has had nothing
   * settle for `WINDOW_BUCKETS` turns of the window clock: every count it
   * made has left its window, so it is in the state of a new breaker (closed,
   * empty window) and the next attempt gets one. Runs after every turn.
   */
  private forgetIdle(): void {
    const turns = this.windows.turns;
    for (const [id, entry] of this.entries) {
      if (entry.running > 0 || !entry.breaker.closed) continue;
      if (turns - entry.lastTurn < WINDOW_BUCKETS) continue;
      entry.breaker.shutdown();
      this.entries.delete(id);
    }
  }

  private entryFor(endpoint: BreakerEndpoint): Entry {
    const existing = this.entries.get(endpoint.id);
    if (existing?.url === endpoint.url) return existing;
    existing?.breaker.shutdown();
    const breaker = this.newBreaker();
    const entry: Entry = {
      breaker,
      url: endpoint.url,
      openedAt: null,
      running: 0,
      lastTurn: this.windows.turns,
    };
    // Only the ids: the listeners live as long as the breaker, the endpoint's view may not.
    const { id: endpointId, tenantId } = endpoint;
    const changed = (state: BreakerState) => {
      entry.openedAt = state === 'open' ? this.clock.now() : null;
      this.metrics.breakerState(endpointId, state);
      this.announce({
        endpointId,
        tenantId,
        state,
        at: new Date(this.clock.now()).toISOString(),
      });
    };
    breaker.on('open', () => changed('open'));
    breaker.on('halfOpen', () => changed('half_open'));
    breaker.on('close', () => changed('closed'));
    this.metrics.breakerState(endpointId, 'closed');
    this.entries.set(endpointId, entry);
    return entry;
  }
}
