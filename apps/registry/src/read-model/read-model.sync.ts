import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { KeyedQueue } from './keyed-queue.js';
import { RegistryPublisher } from './registry-publisher.js';
import { RegistryRows } from './registry-rows.js';

const HEAL_DELAY_MS = 5_000;
/** A re-sync's KV writes under way at once (each waits for its PubAck). */
const RESYNC_CONCURRENCY = 32;

/**
 * Keeps the KV read model equal to Postgres.
 *
 * - After every committed change, `published(keys)` re-reads each changed
 *   row and puts its view (or deletes the key when the row is gone or the
 *   API key revoked). Reading after the commit, one key at a time in call
 *   order, means the last write of a key reflects its last commit.
 * - A failed KV write never fails the request (the row is committed and is
 *   the truth): it is logged, `/readyz` reports `read-model` down, and a full
 *   re-sync is retried until one succeeds.
 * - Just after start-up (`startUp`, once the registry is ready: its cost
 *   grows with the rows) a full re-sync puts every view that differs from
 *   Postgres and deletes keys that have no row, so a crash between a commit
 *   and its KV write heals on restart. It reads the bucket in one pass and
 *   writes each stale key only if it is unchanged since (see `resync`). If
 *   it fails, readiness reports the read model down until a retry succeeds.
 */
@Injectable()
export class ReadModelSync implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModelSync.name);
  private readonly queue = new KeyedQueue();
  private heal: NodeJS.Timeout | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly rows: RegistryRows,
    private readonly publisher: RegistryPublisher,
  ) {}

  /** The start-up re-sync; never throws (a failure schedules a retry). */
  startUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.starting ??= this.resync().then(
      ({ checked, changed }) => {
        this.logger.log(`read model re-synced: ${changed} of ${checked} keys rewritten`);
      },
      (error: unknown) => {
        this.logger.error(`read model re-sync failed: ${(error as Error).message}; retrying`);
        this.scheduleHeal();
      },
    );
    return this.starting;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
  }

  onApplicationShutdown(): void {
    if (this.heal) clearTimeout(this.heal);
    this.heal = null;
  }

  /** Publishes the committed state of these keys, in order. Never throws. */
  async published(keys: string[]): Promise<void> {
    try {
      for (const key of keys) await this.reconcile(key);
    } catch (error) {
      this.logger.error(`read model write failed: ${(error as Error).message}; re-sync scheduled`);
      this.scheduleHeal();
    }
  }

  /**
   * Rewrites every key whose KV value differs from Postgres. The read model
   * is read first, then the rows; each stale key is written only if it is
   * still at the revision read. A key written since, by this replica or
   * another, was written from rows read after their commit, so its newer
   * value stands rather than being undone by this older read; a write that
   * failed in between schedules another re-sync.
   */
  async resync(): Promise<{ checked: number; changed: number }> {
    const current = await this.publisher.snapshot();
    const desired = await this.rows.all();
    const writes: (() => Promise<boolean>)[] = [];
    for (const [key, view] of desired) {
      const now = current.get(key);
      if (!isDeepStrictEqual(now?.value, view)) {
        writes.push(() => this.publisher.putIfUnchanged(key, view, now?.revision ?? 0));
      }
    }
    for (const [key, { revision }] of current) {
      if (!desired.has(key)) writes.push(() => this.publisher.deleteIfUnchanged(key, revision));
    }
    // Workers share one iterator; after a failure they stop, and the caller's retry re-syncs.
    const pending = writes.values();
    let failed = false;
    const worker = async () => {
      for (const write of pending) {
        if (failed) return;
        await write().catch((error: unknown) => {
          failed = true;
          throw error;
        });
      }
    };
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker));
    return {
      checked: new Set([...desired.keys(), ...current.keys()]).size,
      changed: writes.length,
    };
  }

  /** Readiness: fails while the read model is known to lag behind Postgres. */
  probe(): Promise<void> {
    if (this.heal) return Promise.reject(new Error('a KV write failed; re-sync pending'));
    return Promise.resolve();
  }

  private reconcile(key: string): Promise<void> {
    return this.queue.run(key, async () => {
      const view = await this.rows.viewOf(key);
      if (view) await this.publisher.put(key, view);
      else await this.publisher.delete(key);
    });
  }

  private scheduleHeal(): void {
    if (this.heal) return;
    this.heal = setTimeout(() => {
      this.resync().then(
        () => {
          this.heal = null;
          this.logger.log('read model re-synced after a failed write');
        },
        (error: unknown) => {
          this.logger.error(`read model re-sync failed: ${(error as Error).message}`);
          this.heal = null;
          this.scheduleHeal();
        },
      );
    }, HEAL_DELAY_MS);
    this.heal.unref();
  }
}
