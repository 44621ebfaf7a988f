import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type {
  AlertSignal,
  AttemptOutcome,
  EndpointAlertSignal,
  EndpointControl,
} from '@herald/contracts';
import { allPartitions, partitionOf } from '@herald/contracts';
import type { Publisher } from '@herald/messaging';
import {
  disableWarningAlert,
  policyDisabledAlert,
  recoveredAlert,
} from '../alerts/policy-alerts.js';
import type { Clock } from '../pause/clock.js';
import { decideDisable, type DisableSettings } from './disable-policy.js';
import { emptyRecord, isIdle, type EndpointRecord } from './endpoint-record.js';
import type { EndpointRecordStore } from './endpoint-record.store.js';
import { observeForRecovery, openIncident, type RecoverySettings } from './recovery-policy.js';
import { applyAttempt } from './streak.js';

export interface PolicySettings {
  disable: DisableSettings;
  recovery: RecoverySettings;
  /** How often changed records are written (decisions are written at once). */
  flushIntervalMs: number;
}

/** What the policies need to know of the registry. */
export interface EndpointStatus {
  isDisabled(endpointId: string): boolean;
}

type Action = { alert: AlertSignal } | { command: EndpointControl };

interface Entry {
  record: EndpointRecord;
  /** Decided, not yet published — retried by the next observation of the endpoint. */
  pending: Action[];
  applying: Promise<void> | null;
  dirty: boolean;
}

/**
 * The disable and recovery policies in action, one record per endpoint with
 * something going on. Decisions are pure (`streak.ts`, `disable-policy.ts`,
 * `recovery-policy.ts`); this class applies them, publishes what they decide
 * and keeps the records.
 *
 * - A decision is taken synchronously (concurrent outcomes of one endpoint
 *   never decide twice) and queued; `observe` resolves only once everything
 *   queued for the endpoint is in JetStream (the caller acks after). A
 *   failed publish stays queued and the next outcome of that endpoint — the
 *   redelivery of the failed one — retries it; ids are stable, so a repeat
 *   is de-duplicated downstream.
 * - A record is written after its decisions are published, and otherwise
 *   every `flushIntervalMs`: a crash forgets at most that much of a streak
 *   (seconds of a five-day period), or re-takes a decision with the same ids.
 * - A disable, whatever its cause, ends the streak: the period starts again
 *   at the first failure after the endpoint is enabled again.
 */
export class EndpointPolicies implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EndpointPolicies.name);
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly settings: PolicySettings,
    private readonly clock: Clock,
    private readonly store: Pick<EndpointRecordStore, 'all' | 'save' | 'remove'>,
    private readonly publisher: Pick<Publisher, 'publish'>,
    private readonly status: EndpointStatus,
  ) {}

  /**
   * Reads back the records of `partitions` (the app passes none: it loads
   * each partition as it takes its lease) and starts the periodic flush.
   */
  async start(partitions: readonly number[] = allPartitions()): Promise<void> {
    if (partitions.length > 0) await this.load(new Set(partitions));
    this.timer = setInterval(() => void this.flush(), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  /** Reads back the partitions' records before this replica consumes them. */
  loadPartitions(partitions: ReadonlySet<number>): Promise<void> {
    return this.load(partitions);
  }

  /**
   * Forgets the partition's records: its lease went to another replica,
   * which reads them back. `flush` (a hand-over in order) writes the changed
   * ones first; a lost lease writes nothing, the new owner's are newer. A
   * decision still queued is taken again by the next owner when the outcome
   * is redelivered.
   */
  async dropPartition(partition: number, flush = true): Promise<void> {
    if (flush) await this.flush();
    for (const id of [...this.entries.keys()]) {
      if (partitionOf(id) === partition) this.entries.delete(id);
    }
  }

  private async load(partitions: ReadonlySet<number>): Promise<void> {
    for (const record of await this.store.all()) {
      if (!partitions.has(partitionOf(record.endpointId))) continue;
      this.entries.set(record.endpointId, { record, pending: [], applying: null, dirty: false });
    }
  }

  /** Applies one outcome; resolves once what it decided is published. */
  async observe(outcome: AttemptOutcome, counted: boolean): Promise<void> {
    let entry = this.entries.get(outcome.endpointId);
    if (!entry) {
      if (outcome.outcome === 'success') return;
      entry = this.entryFor(outcome.endpointId, outcome.tenantId, outcome.url);
    }
    if (outcome.outcome === 'failure' && this.status.isDisabled(outcome.endpointId)) {
      // An attempt that was in flight when the endpoint was disabled: the streak ends here.
      this.endStreak(entry);
    } else {
      this.decide(entry, outcome, counted);
    }
    await this.apply(entry);
  }

  /** Notes an alert raised elsewhere (pause, exhausted, failing, 410): it opens or joins an incident. */
  async raised(signal: EndpointAlertSignal): Promise<void> {
    const entry = this.entryFor(signal.endpointId, signal.tenantId, signal.endpointUrl);
    const before = entry.record;
    entry.record = openIncident(before, signal.kind, Date.parse(signal.occurredAt));
    if (entry.record !== before) entry.dirty = true;
    // Written at once: a restart must not forget that a "resolved" notice is owed.
    await this.apply(entry, true);
  }

  /** The endpoint's record, for the health view (failure streak, disable deadline). */
  record(endpointId: string): EndpointRecord | undefined {
    return this.entries.get(endpointId)?.record;
  }

  /** Endpoints with a record (a failure streak or an open incident). */
  endpointIds(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Writes every changed record with nothing left to publish; never throws. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private entryFor(endpointId: string, tenantId: string, url: string): Entry {
    let entry = this.entries.get(endpointId);
    if (!entry) {
      entry = {
        record: emptyRecord(endpointId, tenantId, url),
        pending: [],
        applying: null,
        dirty: false,
      };
      this.entries.set(endpointId, entry);
    }
    return entry;
  }

  private decide(entry: Entry, outcome: AttemptOutcome, counted: boolean): void {
    const at = Date.parse(outcome.at);
    let record = applyAttempt(entry.record, outcome, counted);
    const recovery = observeForRecovery(
      record,
      { outcome: outcome.outcome, at },
      counted,
      this.settings.recovery,
    );
    record = recovery.record;
    if (recovery.action === 'recover') {
      entry.pending.push({ alert: recoveredAlert(record, recovery, at) });
    }
    const decision = decideDisable(record, this.settings.disable);
    if (decision.action !== 'none' && record.failingSince !== null) {
      const streak = { ...record, failingSince: record.failingSince };
      if (decision.action === 'warn') {
        entry.pending.push({
          alert: disableWarningAlert(streak, decision.percent, decision.disableAt, at),
        });
        record = openIncident(
          { ...record, warnedPercent: decision.percent },
          'endpoint.disable_warning',
          at,
        );
      } else {
        entry.pending.push({ command: disableCommand(streak, at) });
        entry.pending.push({ alert: policyDisabledAlert(streak, at) });
        record = openIncident(
          { ...withoutStreak(record), disabledAt: Math.max(at, this.clock.now()) },
          'endpoint.disabled',
          at,
        );
        this.logger.warn(
          `disabling endpoint ${record.endpointId}: every attempt failed since ${new Date(streak.failingSince).toISOString()}`,
        );
      }
    }
    if (record !== entry.record) {
      entry.record = record;
      entry.dirty = true;
    }
  }

  private endStreak(entry: Entry): void {
    if (entry.record.failingSince === null) return;
    entry.record = withoutStreak(entry.record);
    entry.dirty = true;
  }

  /** Publishes what is queued, in order, then writes the record; concurrent callers share the work. */
  private apply(entry: Entry, persistNow = false): Promise<void> {
    if (entry.pending.length === 0 && !entry.applying && !(persistNow && entry.dirty)) {
      return Promise.resolve();
    }
    entry.applying ??= this.publishQueued(entry).finally(() => (entry.applying = null));
    return entry.applying;
  }

  private async publishQueued(entry: Entry): Promise<void> {
    while (entry.pending.length > 0) {
      const action = entry.pending[0]!;
      if ('alert' in action) {
        const { alert } = action;
        await this.publisher.publish('alert.v1', alert.kind, alert, alert.alertId);
      } else {
        const { command } = action;
        await this.publisher.publish(
          'endpoint-control.v1',
          command.endpointId,
          command,
          command.commandId,
        );
      }
      entry.pending.shift();
    }
    await this.persist(entry);
  }

  private async persist(entry: Entry): Promise<void> {
    if (!entry.dirty) return;
    entry.dirty = false;
    const { record } = entry;
    try {
      if (isForgettable(record)) {
        await this.store.remove(record.endpointId);
        if (this.entries.get(record.endpointId) === entry && isForgettable(entry.record)) {
          this.entries.delete(record.endpointId);
        }
      } else {
        await this.store.save(record);
      }
    } catch (error) {
      entry.dirty = true;
      throw error;
    }
  }

  private async flushOnce(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (this.status.isDisabled(entry.record.endpointId)) this.endStreak(entry);
      if (!entry.dirty || entry.pending.length > 0 || entry.applying) continue;
      await this.persist(entry).catch((error: unknown) =>
        this.logger.warn(`endpoint record not written (retried): ${(error as Error).message}`),
      );
    }
  }
}

/** Idle, and no policy disable whose in-flight failures must still be ignored. */
function isForgettable(record: EndpointRecord): boolean {
  if (!isIdle(record)) return false;
  return record.disabledAt === null || (record.lastSuccessAt ?? -Infinity) > record.disabledAt;
}

function withoutStreak(record: EndpointRecord): EndpointRecord {
  return {
    ...record,
    failingSince: null,
    lastFailureAt: null,
    streakFailures: 0,
    warnedPercent: 0,
  };
}

function disableCommand(record: EndpointRecord & { failingSince: number }, at: number) {
  const since = new Date(record.failingSince).toISOString();
  return {
    commandId: `${record.endpointId}:disable:${since}`,
    endpointId: record.endpointId,
    tenantId: record.tenantId,
    action: 'disable',
    reason: 'failing_persistently',
    statusCode: record.lastStatusCode,
    at: new Date(at).toISOString(),
  } satisfies EndpointControl;
}
