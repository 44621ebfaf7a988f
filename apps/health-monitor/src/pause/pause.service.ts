import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type {
  AlertSignal,
  AttemptOutcome,
  EndpointAlertSignal,
  EndpointState,
} from '@herald/contracts';
import { allPartitions, partitionOf } from '@herald/contracts';
import type { Publisher } from '@herald/messaging';
import { pausedAlertFor } from '../alerts/paused-alert.js';
import type { Clock } from './clock.js';
import type { EndpointStateStore, StoredEndpointState } from './endpoint-state.store.js';
import { FailureWindows } from './failure-window.js';
import type { PauseConfig } from './pause-config.js';
import { decidePause } from './pause-policy.js';
import type { RecentFailures } from './recent-failures.js';

/** One pause this process knows of: decided here, or adopted from the bucket. */
interface Pause {
  state: EndpointState;
  until: number;
  /** The `endpoint.paused` signal still to publish; null once published (or adopted). */
  alert: AlertSignal | null;
  /** Bucket revision once stored; null while the put is still due. */
  revision: number | null;
  /** The put + publish in progress, shared by every outcome that waits for it. */
  applying: Promise<void> | null;
}

interface Target {
  endpointId: string;
  tenantId: string;
  url: string;
}

/**
 * The global pause policy in action: counts failures, pauses, ends pauses.
 *
 * - Every failure stored for the first time counts (a redelivered outcome
 *   does not). The per-endpoint windows live in memory and are rebuilt from
 *   the attempt log at start-up; anything already over the threshold then is
 *   paused at once (a crash between storing the outcome and storing the
 *   pause must not lose the pause).
 * - **A window lives with its endpoint's partition.** Each replica consumes
 *   the partitions it holds a lease on, so one endpoint's outcomes all reach
 *   one replica and none is counted twice; a replica that takes a partition
 *   rebuilds its windows from the log first. Pauses themselves are shared
 *   through the KV bucket; every replica adopts the pauses it finds there
 *   (the sweep), so none pauses twice and any replica can report them.
 * - A decision is marked in memory synchronously, so concurrent outcomes of
 *   the same endpoint never pause it twice; while a pause lasts the endpoint
 *   is not paused again. `observe` resolves only once the pause is in the
 *   bucket and its alert is in JetStream; if either fails, the next outcome
 *   of that endpoint (the redelivery of the failed one) retries both.
 * - A pause ends at `until`: a timer deletes the key then, and a sweep at
 *   start-up and every `sweepIntervalMs` deletes expired keys left behind.
 *   Deletes are conditional on the revision, so they never erase a newer
 *   pause. Dispatchers treat an expired `until` as not paused anyway.
 */
export class PauseService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PauseService.name);
  private readonly windows: FailureWindows;
  private readonly pauses = new Map<string, Pause>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly config: PauseConfig,
    private readonly clock: Clock,
    private readonly store: EndpointStateStore,
    private readonly history: RecentFailures,
    private readonly publisher: Pick<Publisher, 'publish'>,
    /** Told of every pause alert once it is published (it opens an incident). */
    private readonly onAlert: (signal: EndpointAlertSignal) => Promise<void> = () =>
      Promise.resolve(),
  ) {
    this.windows = new FailureWindows(config.windowMs, config.threshold + 1);
  }

  /**
   * Adopts the bucket's pauses, rebuilds the windows of `partitions` from
   * the log (the app passes none: it loads each partition as it takes its
   * lease), starts the sweeper.
   */
  async start(partitions: readonly number[] = allPartitions()): Promise<void> {
    await this.sweepOnce();
    if (partitions.length > 0) await this.rebuild(new Set(partitions));
    this.sweeper = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Rebuilds the partitions' failure windows from the log before this replica consumes them. */
  async loadPartitions(partitions: ReadonlySet<number>): Promise<void> {
    await this.sweep();
    await this.rebuild(partitions);
  }

  /** Forgets a partition's failure windows (its lease went to another replica); pauses stay shared. */
  dropPartition(partition: number): void {
    this.windows.forget((endpointId) => partitionOf(endpointId) === partition);
  }

  /**
   * Refills the windows of the partitions' endpoints; anything already over
   * the threshold is paused at once (a crash between storing the outcome
   * and storing the pause must not lose the pause).
   */
  private async rebuild(partitions: ReadonlySet<number>): Promise<void> {
    const now = this.clock.now();
    const since = new Date(now - this.config.windowMs);
    const latest = new Map<string, Target>();
    for (const failure of await this.history.since(since, this.config.threshold + 1)) {
      if (!partitions.has(partitionOf(failure.endpointId))) continue;
      this.windows.record(failure.endpointId, failure.at, now);
      latest.set(failure.endpointId, failure);
    }
    for (const target of latest.values()) {
      this.decide(target, now);
      const pause = this.pauses.get(target.endpointId);
      if (pause) await this.apply(pause);
    }
  }

  /** Counts a newly stored failure; resolves once any pause of its endpoint is durable. */
  async observe(outcome: AttemptOutcome, inserted: boolean): Promise<void> {
    if (inserted && outcome.outcome === 'failure') {
      const now = this.clock.now();
      this.windows.record(outcome.endpointId, Date.parse(outcome.at), now);
      const { endpointId, tenantId, url } = outcome;
      this.decide({ endpointId, tenantId, url }, now);
    }
    const pause = this.pauses.get(outcome.endpointId);
    if (pause) await this.apply(pause);
  }

  /** End of the endpoint's current pause (epoch ms), or null. */
  pausedUntil(endpointId: string): number | null {
    return this.pauses.get(endpointId)?.until ?? null;
  }

  /** Endpoints with a pause this process knows of (possibly just ended). */
  pausedEndpoints(): IterableIterator<string> {
    return this.pauses.keys();
  }

  /** Deletes expired pauses and adopts pauses stored by others; never throws. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => this.logger.warn(`pause sweep failed: ${describe(error)}`))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.sweeping;
  }

  /** Applies the policy to the endpoint's window; marks a new pause in memory. Synchronous. */
  private decide(target: Target, now: number): void {
    const { endpointId } = target;
    const decision = decidePause(
      {
        failures: this.windows.failures(endpointId),
        now,
        pausedUntil: this.pausedUntil(endpointId),
      },
      this.config,
    );
    if (!decision) return;
    this.windows.reset(endpointId, now);
    const until = new Date(decision.until).toISOString();
    const at = new Date(now).toISOString();
    this.pauses.set(endpointId, {
      state: {
        endpointId,
        tenantId: target.tenantId,
        state: 'paused',
        until,
        reason: decision.reason,
        at,
      },
      until: decision.until,
      alert: pausedAlertFor({
        tenantId: target.tenantId,
        endpointId,
        endpointUrl: target.url,
        failures: decision.failures,
        windowMs: this.config.windowMs,
        until,
        at,
      }),
      revision: null,
      applying: null,
    });
  }

  /** Stores the pause and publishes its alert, each once; concurrent callers share the work. */
  private apply(pause: Pause): Promise<void> {
    if (pause.revision !== null && pause.alert === null) return Promise.resolve();
    pause.applying ??= this.persist(pause).finally(() => (pause.applying = null));
    return pause.applying;
  }

  private async persist(pause: Pause): Promise<void> {
    if (pause.until <= this.clock.now()) return this.end(pause);
    if (pause.revision === null) {
      pause.revision = await this.store.put(pause.state);
      this.scheduleEnd(pause);
      this.logger.log(`paused endpoint ${pause.state.endpointId} until ${pause.state.until}`);
    }
    if (pause.alert !== null) {
      const alert = pause.alert;
      await this.publisher.publish('alert.v1', alert.kind, alert, alert.alertId);
      if (alert.kind !== 'test') await this.onAlert(alert);
      pause.alert = null;
    }
  }

  private scheduleEnd(pause: Pause): void {
    const id = pause.state.endpointId;
    clearTimeout(this.timers.get(id));
    // Longer than setTimeout can wait (~24.8 days): the sweep ends it instead.
    const delay = Math.min(Math.max(0, pause.until - this.clock.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.end(pause).catch((error: unknown) =>
        this.logger.warn(
          `ending the pause of ${id} failed (the sweep retries): ${describe(error)}`,
        ),
      );
    }, delay);
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Forgets the pause and deletes its key, unless the key has changed since. */
  private async end(pause: Pause): Promise<void> {
    const id = pause.state.endpointId;
    if (this.pauses.get(id) === pause) {
      this.pauses.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
    if (pause.revision !== null && (await this.store.deleteIf(id, pause.revision))) {
      this.logger.log(`pause of endpoint ${id} ended`);
    }
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    this.windows.prune(now);
    for (const stored of await this.store.list()) {
      const known = this.pauses.get(stored.state.endpointId);
      if (Date.parse(stored.state.until) <= now) {
        await this.end(known?.revision === stored.revision ? known : adopted(stored));
      } else if (!known || (known.revision !== null && known.revision !== stored.revision)) {
        this.adopt(stored);
      }
    }
  }

  /** Takes over a pause found in the bucket (stored before a restart, or by another replica). */
  private adopt(stored: StoredEndpointState): void {
    const pause = adopted(stored);
    if (!this.pauses.has(pause.state.endpointId)) {
      this.windows.reset(pause.state.endpointId, Date.parse(pause.state.at));
    }
    this.pauses.set(pause.state.endpointId, pause);
    this.scheduleEnd(pause);
  }
}

function adopted({ state, revision }: StoredEndpointState): Pause {
  return { state, until: Date.parse(state.until), alert: null, revision, applying: null };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
