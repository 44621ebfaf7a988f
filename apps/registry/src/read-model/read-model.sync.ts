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
 *   and its KV write heals on restart. If it fails, readiness reports the
 *   read model down until a retry succeeds.
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

  /** Rewrites every key whose KV value differs from Postgres. */
  async resync(): Promise<{ checked: number; changed: number }> {
    const desired = await this.rows.all();
    const current = await this.publisher.snapshot();
    const stale = new Set<string>();
    for (const [key, view] of desired) {
      if (!isDeepStrictEqual(current.get(key), view)) stale.add(key);
    }
    for (const key of current.keys()) if (!desired.has(key)) stale.add(key);
    // Each stale key is re-read, so a change committed meanwhile by another replica is not undone.
    for (const key of stale) await this.reconcile(key);
    return { checked: new Set([...desired.keys(), ...current.keys()]).size, changed: stale.size };
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
