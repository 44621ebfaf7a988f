import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { BreakerState as BreakerChange, EndpointView } from '@herald/contracts';
import {
  breakerMaker,
  windowClockFor,
  type CountingStatus,
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
  /**
   * The endpoint's opossum breaker, made at its first failure that counts:
   * null while every attempt in its window succeeded (ADR 0095).
   */
  breaker: CircuitBreaker<[Send], AttemptResult> | null;
  /**
   * While there is no breaker: attempts settled per bucket of the window
   * (all successes), the bucket of turn T at T % WINDOW_BUCKETS; null until
   * the first one settles.
   */
  successes: number[] | null;
  /** The window clock's turn `successes` was last brought up to. */
  countedTurn: number;
  /** The endpoint's URL the entry was made for. */
  url: string;
  /** When the breaker last opened (epoch ms); null while closed or half-open. */
  openedAt: number | null;
  /** Attempts for this endpoint not yet settled. */
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
 *
 * An endpoint whose attempts all succeeded within the window has no breaker
 * yet, only its successes per bucket (ADR 0095): such a breaker would be
 * closed and could only open on a failure. At its first failure that counts
 * the breaker is made with those successes in its window and the failure
 * goes through it, so it decides as one made at the first attempt would.
 * An attempt that started before its endpoint's breaker existed is counted
 * in it when it settles.
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

  /** Endpoints tracked now (delivered to within about a window, or not closed). */
  get size(): number {
    return this.entries.size;
  }

  /** Opossum breakers held now: endpoints with a failure that counted, within about a window. */
  get breakers(): number {
    let made = 0;
    for (const entry of this.entries.values()) if (entry.breaker) made += 1;
    return made;
  }

  /**
   * How long until the endpoint's open breaker lets a probe through, or null
   * when it is not open (closed or half-open: calls may go through).
   */
  openFor(endpointId: string): number | null {
    const entry = this.entries.get(endpointId);
    if (!entry?.breaker?.opened || entry.openedAt === null) return null;
    const remaining = entry.openedAt + this.settings.resetTimeoutMs - this.clock.now();
    return Math.max(MIN_BREAKER_WAIT_MS, remaining);
  }

  async run(endpoint: BreakerEndpoint, send: Send): Promise<AttemptResult | typeof BREAKER_OPEN> {
    const entry = this.entryFor(endpoint);
    entry.running += 1;
    entry.lastTurn = this.windows.turns;
    try {
      if (entry.breaker) return await fire(entry.breaker, send);
      let result: AttemptResult;
      try {
        result = await send();
      } catch (error) {
        // Thrown, not reported: opossum counts it a failure and rethrows it.
        const thrown = error instanceof Error ? error : new Error(String(error));
        await fire(this.breakerOf(entry, endpoint), () => Promise.reject(thrown));
        throw error;
      }
      if (result.outcome === 'failure' && !PERMANENT_REASONS.has(result.reason)) {
        // The failure goes through the breaker, which decides; the attempt was
        // made whatever it decides now.
        await fire(this.breakerOf(entry, endpoint), () => Promise.resolve(result));
      } else if (entry.breaker) {
        // Another attempt's failure made the breaker while this one ran.
        countSuccess(entry.breaker);
      } else {
        this.tally(entry)[this.windows.turns % WINDOW_BUCKETS]! += 1;
      }
      return result;
    } finally {
      entry.running -= 1;
      entry.lastTurn = this.windows.turns;
    }
  }

  forget(endpointId: string): void {
    this.entries.get(endpointId)?.breaker?.shutdown();
    this.entries.delete(endpointId);
    this.metrics.forgetBreaker(endpointId);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
    this.windows.stop();
  }

  /**
   * Forgets every endpoint whose breaker is closed (or not made), runs
   * nothing and has had nothing settle for `WINDOW_BUCKETS` turns of the
   * window clock: every count it made has left its window, so it is in the
   * state of a new breaker (closed, empty window) and the next attempt gets
   * one. Runs after every turn.
   */
  private forgetIdle(): void {
    const turns = this.windows.turns;
    for (const [id, entry] of this.entries) {
      if (entry.running > 0 || (entry.breaker && !entry.breaker.closed)) continue;
      if (turns - entry.lastTurn < WINDOW_BUCKETS) continue;
      entry.breaker?.shutdown();
      this.entries.delete(id);
    }
  }

  /** The endpoint's successes per bucket, the buckets that left the window since emptied. */
  private tally(entry: Entry): number[] {
    const turns = this.windows.turns;
    const counts = (entry.successes ??= new Array<number>(WINDOW_BUCKETS).fill(0));
    const from = Math.max(entry.countedTurn + 1, turns - WINDOW_BUCKETS + 1);
    for (let turn = from; turn <= turns; turn++) counts[turn % WINDOW_BUCKETS] = 0;
    entry.countedTurn = turns;
    return counts;
  }

  private entryFor(endpoint: BreakerEndpoint): Entry {
    const existing = this.entries.get(endpoint.id);
    if (existing?.url === endpoint.url) return existing;
    if (existing?.breaker) {
      // A new URL starts afresh: the old one's breaker and its state go.
      existing.breaker.shutdown();
      this.metrics.breakerState(endpoint.id, 'closed');
    }
    const turns = this.windows.turns;
    const entry: Entry = {
      breaker: null,
      successes: null,
      countedTurn: turns,
      url: endpoint.url,
      openedAt: null,
      running: 0,
      lastTurn: turns,
    };
    this.entries.set(endpoint.id, entry);
    return entry;
  }

  /** The entry's breaker, made now if it has none, with the entry's successes in its window. */
  private breakerOf(
    entry: Entry,
    endpoint: BreakerEndpoint,
  ): CircuitBreaker<[Send], AttemptResult> {
    if (entry.breaker) return entry.breaker;
    const breaker = this.newBreaker();
    if (entry.successes) {
      const counts = this.tally(entry);
      const turns = this.windows.turns;
      // Newest first, as the window holds them.
      const byAge = Array.from(
        { length: WINDOW_BUCKETS },
        (_, age) => counts[(((turns - age) % WINDOW_BUCKETS) + WINDOW_BUCKETS) % WINDOW_BUCKETS]!,
      );
      const status = breaker.status as unknown as CountingStatus;
      status.seed('fires', byAge);
      status.seed('successes', byAge);
    }
    entry.breaker = breaker;
    entry.successes = null;
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
    return breaker;
  }
}

/**
 * One attempt through a breaker: its result, or `BREAKER_OPEN` when the
 * breaker refused to run it; an error that is not a failed result is rethrown.
 */
async function fire(
  breaker: CircuitBreaker<[Send], AttemptResult>,
  send: Send,
): Promise<AttemptResult | typeof BREAKER_OPEN> {
  try {
    return await breaker.fire(send);
  } catch (error) {
    if (error instanceof FailedAttempt) return error.result;
    if ((error as { code?: unknown }).code === 'EOPENBREAKER') return BREAKER_OPEN;
    throw error;
  }
}

/** A success of an attempt that started before the breaker was made (its fire was not counted). */
function countSuccess(breaker: CircuitBreaker<[Send], AttemptResult>): void {
  const status = breaker.status as unknown as CountingStatus;
  status.increment('fires');
  status.increment('successes');
}
