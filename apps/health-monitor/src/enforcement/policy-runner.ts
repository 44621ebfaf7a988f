import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type {
  AttemptOutcome,
  EndpointAlertSignal,
  EndpointState,
  EndpointControl,
  AlertSignal,
} from '@herald/contracts';
import { allPartitions, partitionOf } from '@herald/contracts';
import type { Publisher } from '@herald/messaging';
import { PeriodicJob, type Clock } from '@herald/runtime';
import { isForgettable, endStreak, type EndpointRecord } from '../policies/endpoint-record.js';
import {
  considerPause,
  evaluate,
  raise,
  type EndpointHealthRecord,
  type Evaluation,
  type PolicyAction,
} from '../policies/evaluate.js';
import {
  EMPTY_WINDOW,
  isSpent,
  pruneWindow,
  recordFailure,
  resetWindow,
  type FailureWindow,
} from '../policies/failure-window.js';
import type { RunnerSettings } from '../settings.js';
import type { EndpointRecordStore } from './endpoint-record.store.js';
import type { EndpointStateStore, StoredEndpointState } from './endpoint-state.store.js';
import type { RecentFailure, RecentFailures } from './recent-failures.js';

/** What the runner needs to know of the registry. */
export interface EndpointStatus {
  isDisabled(endpointId: string): boolean;
}

/** Where the runner's effects go. */
export interface RunnerPorts {
  records: Pick<EndpointRecordStore, 'all' | 'save' | 'remove'>;
  pauses: Pick<EndpointStateStore, 'put' | 'list' | 'deleteIf'>;
  history: Pick<RecentFailures, 'since'>;
  publisher: Pick<Publisher, 'publish'>;
  status: EndpointStatus;
  /** Where the sweep and flush jobs count their runs (optional in unit tests). */
  metrics?: Registry;
}

/** One pause this process knows of: decided here, or adopted from the bucket. */
interface Pause {
  state: EndpointState;
  until: number;
  /** Bucket revision once stored; null while the put is still due. */
  revision: number | null;
}

/** One endpoint with something going on: a streak, an incident, recent failures, a pause. */
interface Entry {
  policy: EndpointRecord | null;
  failures: FailureWindow;
  pause: Pause | null;
  /** Decided, not yet done, in order — retried by the next outcome of the endpoint. */
  queue: PolicyAction[];
  /** The queue being worked off, shared by every caller that waits for it. */
  applying: Promise<void> | null;
  /** The policy record changed since it was last written. */
  dirty: boolean;
  /** Ends the pause at its `until`. */
  timer: NodeJS.Timeout | null;
}

/**
 * The endpoint policies in action: one entry per endpoint with something
 * going on, the pure `evaluate` (`policies/evaluate.ts`) deciding, this
 * class doing what it decides — publishing alerts and disable commands,
 * storing and ending pauses in the endpoint-state bucket, writing the
 * records of table `endpoint_health`.
 *
 * - A decision is taken synchronously (concurrent outcomes of one endpoint
 *   never decide twice: a pause is marked in memory at once) and queued;
 *   `observe` resolves only once everything queued for the endpoint is done
 *   (the caller acks after). A failed step stays queued and the next
 *   outcome of that endpoint — the redelivery of the failed one — retries
 *   it; ids are stable, so a repeat is de-duplicated downstream. A pause is
 *   stored once, before its alert is published.
 * - A record is written after its decisions are done, and otherwise every
 *   `flushIntervalMs`: a crash forgets at most that much of a streak
 *   (seconds of a five-day period), or re-takes a decision with the same ids.
 * - **State lives with its endpoint's partition.** Each replica consumes the
 *   partitions it holds a lease on, so one endpoint's outcomes all reach one
 *   replica and none is counted twice. Taking a partition reads its records
 *   back and rebuilds its failure windows from the attempt log; anything
 *   already over the pause threshold then is paused at once (a crash between
 *   storing the outcome and storing the pause must not lose the pause).
 * - Pauses are shared through the bucket: every replica adopts the pauses it
 *   finds there (the sweep, at start-up and every `sweepIntervalMs`), so
 *   none pauses twice and any replica can report them. A pause ends at
 *   `until`: a timer deletes the key then, and the sweep deletes expired
 *   keys left behind. Deletes are conditional on the revision, so they never
 *   erase a newer pause. Dispatchers treat an expired `until` as not paused.
 */
export class PolicyRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PolicyRunner.name);
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: PeriodicJob;
  private readonly flusher: PeriodicJob;

  constructor(
    private readonly settings: RunnerSettings,
    private readonly clock: Clock,
    private readonly ports: RunnerPorts,
  ) {
    const common = { logger: this.logger, metrics: ports.metrics };
    this.sweeper = new PeriodicJob({
      ...common,
      name: 'pause-sweep',
      intervalMs: settings.sweepIntervalMs,
      run: () => this.sweepOnce(),
    });
    this.flusher = new PeriodicJob({
      ...common,
      name: 'policy-record-flush',
      intervalMs: settings.flushIntervalMs,
      run: () => this.flushOnce(),
    });
  }

  /**
   * Adopts the bucket's pauses, loads `partitions` (the app passes none: it
   * loads each partition as it takes its lease), starts the sweep and the flush.
   */
  async start(partitions: readonly number[] = allPartitions()): Promise<void> {
    await this.sweepOnce();
    if (partitions.length > 0) await this.load(new Set(partitions));
    await this.sweeper.start();
    await this.flusher.start();
  }

  /** Loads the partitions' records and failure windows before this replica consumes them. */
  async loadPartitions(partitions: ReadonlySet<number>): Promise<void> {
    await this.sweep();
    await this.load(partitions);
  }

  /**
   * Forgets the partition's records and failure windows: its lease went to
   * another replica, which loads them. `handedOver` (a release in order)
   * writes the changed records first; a lost lease writes nothing, the new
   * owner's are newer. A decision still queued is taken again by the next
   * owner when the outcome is redelivered. Stored pauses stay: they are shared.
   */
  async dropPartition(partition: number, handedOver = true): Promise<void> {
    if (handedOver) await this.flush();
    for (const [id, entry] of [...this.entries]) {
      if (partitionOf(id) !== partition) continue;
      this.entries.delete(id);
      // A pause not stored yet is decided again by the next owner.
      if (entry.pause && entry.pause.revision !== null) {
        this.entries.set(id, { ...blank(), pause: entry.pause, timer: entry.timer });
      } else if (entry.timer) {
        clearTimeout(entry.timer);
      }
    }
  }

  /** Applies one outcome; resolves once what it decided is done. */
  async observe(outcome: AttemptOutcome, counted: boolean): Promise<void> {
    let entry = this.entries.get(outcome.endpointId);
    if (!entry) {
      if (outcome.outcome === 'success') return;
      entry = this.entryFor(outcome.endpointId);
    }
    const observation = {
      attempt: outcome,
      counted,
      endpointDisabled: this.ports.status.isDisabled(outcome.endpointId),
    };
    this.take(entry, evaluate(recordOf(entry), observation, this.settings, this.clock.now()));
    await this.apply(entry);
  }

  /** Notes an alert raised elsewhere (exhausted, failing, 410): it opens or joins an incident. */
  async raised(signal: EndpointAlertSignal): Promise<void> {
    const entry = this.entryFor(signal.endpointId);
    this.take(entry, { record: raise(recordOf(entry), signal), actions: [] });
    // Written at once: a restart must not forget that a "resolved" notice is owed.
    await this.apply(entry, true);
  }

  /** The endpoint's record, for the health view (failure streak, disable deadline). */
  record(endpointId: string): EndpointRecord | undefined {
    return this.entries.get(endpointId)?.policy ?? undefined;
  }

  /** Endpoints with a record (a failure streak or an open incident). */
  *endpointIds(): IterableIterator<string> {
    for (const [id, entry] of this.entries) if (entry.policy) yield id;
  }

  /** End of the endpoint's current pause (epoch ms), or null. */
  pausedUntil(endpointId: string): number | null {
    return this.entries.get(endpointId)?.pause?.until ?? null;
  }

  /** Endpoints with a pause this process knows of (possibly just ended). */
  *pausedEndpoints(): IterableIterator<string> {
    for (const [id, entry] of this.entries) if (entry.pause) yield id;
  }

  /** Deletes expired pauses and adopts pauses stored by others; never throws. */
  sweep(): Promise<void> {
    return this.sweeper.runNow();
  }

  /** Writes every changed record with nothing left to do; never throws. */
  flush(): Promise<void> {
    return this.flusher.runNow();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
    await this.flusher.stop();
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
    }
    await this.flushOnce();
  }

  private entryFor(endpointId: string): Entry {
    let entry = this.entries.get(endpointId);
    if (!entry) {
      entry = blank();
      this.entries.set(endpointId, entry);
    }
    return entry;
  }

  /** Takes an evaluation in: the new record, and its actions queued (a pause marked at once). */
  private take(entry: Entry, { record, actions }: Evaluation): void {
    if (record.policy !== entry.policy) {
      entry.policy = record.policy;
      entry.dirty = true;
    }
    entry.failures = record.failures;
    for (const action of actions) {
      if (action.type === 'pause') {
        entry.pause = { state: action.state, until: action.until, revision: null };
      } else if (action.type === 'alert' && action.alert.kind === 'endpoint.disabled') {
        this.logger.warn(
          `disabling endpoint ${action.alert.endpointId}: every attempt failed since ${action.alert.failingSince}`,
        );
      }
      entry.queue.push(action);
    }
  }

  private async load(partitions: ReadonlySet<number>): Promise<void> {
    for (const policy of await this.ports.records.all()) {
      if (!partitions.has(partitionOf(policy.endpointId))) continue;
      const entry = this.entryFor(policy.endpointId);
      entry.policy = policy;
      entry.dirty = false;
    }
    await this.rebuild(partitions);
  }

  /** Refills the partitions' failure windows from the log; pauses what is over the threshold. */
  private async rebuild(partitions: ReadonlySet<number>): Promise<void> {
    const now = this.clock.now();
    const { windowMs, threshold } = this.settings.pause;
    const latest = new Map<string, RecentFailure>();
    for (const failure of await this.ports.history.since(new Date(now - windowMs), threshold + 1)) {
      if (!partitions.has(partitionOf(failure.endpointId))) continue;
      const entry = this.entryFor(failure.endpointId);
      entry.failures = recordFailure(entry.failures, failure.at, now, windowMs, threshold + 1);
      latest.set(failure.endpointId, failure);
    }
    for (const target of latest.values()) {
      const entry = this.entryFor(target.endpointId);
      this.take(entry, considerPause(recordOf(entry), target, this.settings.pause, now));
      await this.apply(entry);
    }
  }

  /** Works off the queue, in order, then writes the record; concurrent callers share the work. */
  private apply(entry: Entry, persistNow = false): Promise<void> {
    if (entry.queue.length === 0 && !entry.applying && !(persistNow && entry.dirty)) {
      return Promise.resolve();
    }
    entry.applying ??= this.workOff(entry).finally(() => (entry.applying = null));
    return entry.applying;
  }

  private async workOff(entry: Entry): Promise<void> {
    while (entry.queue.length > 0) {
      await this.perform(entry, entry.queue[0]!);
      entry.queue.shift();
    }
    await this.persist(entry);
  }

  private async perform(entry: Entry, action: PolicyAction): Promise<void> {
    if (action.type === 'alert') return this.publishAlert(action.alert);
    if (action.type === 'control') return this.publishControl(action.command);
    const pause = entry.pause;
    if (pause?.state !== action.state) return; // ended or replaced since
    if (pause.until <= this.clock.now()) return this.end(action.state.endpointId, pause);
    if (pause.revision === null) {
      pause.revision = await this.ports.pauses.put(pause.state);
      this.scheduleEnd(entry, pause);
      this.logger.log(`paused endpoint ${pause.state.endpointId} until ${pause.state.until}`);
    }
    await this.publishAlert(action.alert);
  }

  private async publishAlert(alert: AlertSignal): Promise<void> {
    await this.ports.publisher.publish('alert.v1', alert.kind, alert, alert.alertId);
  }

  private async publishControl(command: EndpointControl): Promise<void> {
    await this.ports.publisher.publish(
      'endpoint-control.v1',
      command.endpointId,
      command,
      command.commandId,
    );
  }

  private async persist(entry: Entry): Promise<void> {
    const record = entry.policy;
    if (!entry.dirty || record === null) return;
    entry.dirty = false;
    try {
      if (isForgettable(record)) {
        await this.ports.records.remove(record.endpointId);
        if (entry.policy === record) {
          entry.policy = null;
          if (this.isEmpty(entry)) this.dropEntry(record.endpointId, entry);
        }
      } else {
        await this.ports.records.save(record);
      }
    } catch (error) {
      entry.dirty = true;
      throw error;
    }
  }

  private async flushOnce(): Promise<void> {
    for (const [id, entry] of [...this.entries]) {
      if (entry.policy && this.ports.status.isDisabled(id)) {
        const ended = endStreak(entry.policy);
        if (ended !== entry.policy) {
          entry.policy = ended;
          entry.dirty = true;
        }
      }
      if (!entry.dirty || entry.queue.length > 0 || entry.applying) continue;
      await this.persist(entry).catch((error: unknown) =>
        this.logger.warn(`endpoint record not written (retried): ${(error as Error).message}`),
      );
    }
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    const { windowMs } = this.settings.pause;
    for (const [id, entry] of [...this.entries]) {
      entry.failures = pruneWindow(entry.failures, now, windowMs);
      this.forgetIfEmpty(id, entry);
    }
    for (const stored of await this.ports.pauses.list()) {
      const id = stored.state.endpointId;
      const known = this.entries.get(id)?.pause;
      if (Date.parse(stored.state.until) <= now) {
        await this.end(id, known?.revision === stored.revision ? known : adopted(stored));
      } else if (!known || (known.revision !== null && known.revision !== stored.revision)) {
        this.adopt(stored);
      }
    }
  }

  /** Takes over a pause found in the bucket (stored before a restart, or by another replica). */
  private adopt(stored: StoredEndpointState): void {
    const entry = this.entryFor(stored.state.endpointId);
    const pause = adopted(stored);
    if (!entry.pause) entry.failures = resetWindow(Date.parse(pause.state.at));
    entry.pause = pause;
    this.scheduleEnd(entry, pause);
  }

  private scheduleEnd(entry: Entry, pause: Pause): void {
    const id = pause.state.endpointId;
    if (entry.timer) clearTimeout(entry.timer);
    // Longer than setTimeout can wait (~24.8 days): the sweep ends it instead.
    const delay = Math.min(Math.max(0, pause.until - this.clock.now()), 2 ** 31 - 1);
    entry.timer = setTimeout(() => {
      this.end(id, pause).catch((error: unknown) =>
        this.logger.warn(
          `ending the pause of ${id} failed (the sweep retries): ${(error as Error).message}`,
        ),
      );
    }, delay);
    entry.timer.unref();
  }

  /** Forgets the pause and deletes its key, unless the key has changed since. */
  private async end(id: string, pause: Pause): Promise<void> {
    const entry = this.entries.get(id);
    if (entry?.pause === pause) {
      entry.pause = null;
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      this.forgetIfEmpty(id, entry);
    }
    if (pause.revision !== null && (await this.ports.pauses.deleteIf(id, pause.revision))) {
      this.logger.log(`pause of endpoint ${id} ended`);
    }
  }

  /** Drops an entry with nothing left to remember or to do. */
  private forgetIfEmpty(id: string, entry: Entry): void {
    if (!entry.applying && this.isEmpty(entry)) this.dropEntry(id, entry);
  }

  private isEmpty(entry: Entry): boolean {
    if (entry.policy || entry.pause || entry.queue.length > 0) return false;
    return isSpent(entry.failures, this.clock.now(), this.settings.pause.windowMs);
  }

  private dropEntry(id: string, entry: Entry): void {
    if (this.entries.get(id) === entry) this.entries.delete(id);
  }
}

function blank(): Entry {
  return {
    policy: null,
    failures: EMPTY_WINDOW,
    pause: null,
    queue: [],
    applying: null,
    dirty: false,
    timer: null,
  };
}

function recordOf(entry: Entry): EndpointHealthRecord {
  return {
    policy: entry.policy,
    failures: entry.failures,
    pausedUntil: entry.pause?.until ?? null,
  };
}

function adopted({ state, revision }: StoredEndpointState): Pause {
  return { state, until: Date.parse(state.until), revision };
}
