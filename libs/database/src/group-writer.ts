/**
 * Batches hot-path writes: items submitted close together are written by one
 * statement. Without `lingerMs` it is a group commit — items submitted in the
 * same turn of the event loop, or while a write is under way, go into the
 * next write, so a lone item is written at once and batches grow with load.
 * With `lingerMs`, a lone item waits that long for companions. A full batch
 * (`maxBatch`) is written without waiting. Invariants: `submit` resolves only
 * after the write that holds its item succeeded, with that item's result
 * (`writeMany` returns one result per item, in order). A failed write of
 * several items is split in halves, and each half written again, until the
 * items that fail are alone: one bad row never takes its batch down with it,
 * and only the item whose own write fails is rejected. An outage (the
 * database unreachable, see `isOutage`) is not split: every item of the write
 * is rejected at once, to be retried later.
 */
import { isOutage } from '@herald/resilience';

export interface GroupWriterSettings {
  /** Most items in one write. */
  maxBatch: number;
  /** Writes under way at once (each its own connection from the pool); unbounded by default. */
  maxConcurrentWrites?: number;
  /** How long a lone item waits for companions; 0 (the default) writes it in the next turn. */
  lingerMs?: number;
  /** Whether a failed write is split to isolate the item at fault; by default every error but an outage. */
  splitOn?: (error: unknown) => boolean;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

type Timer = { kind: 'now'; handle: NodeJS.Immediate } | { kind: 'linger'; handle: NodeJS.Timeout };

export class GroupWriter<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private writes = 0;
  private timer: Timer | null = null;
  private readonly idle = new Set<() => void>();
  private readonly maxConcurrentWrites: number;
  private readonly lingerMs: number;

  constructor(
    private readonly writeMany: (items: I[]) => Promise<R[]>,
    private readonly settings: GroupWriterSettings,
  ) {
    this.maxConcurrentWrites = settings.maxConcurrentWrites ?? Infinity;
    this.lingerMs = settings.lingerMs ?? 0;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule(this.lingerMs === 0 || this.waiting.length >= this.settings.maxBatch);
    });
  }

  /** Writes what waits without lingering; resolves once nothing waits and no write is under way. */
  flushNow(): Promise<void> {
    if (this.waiting.length > 0) this.schedule(true);
    return this.drained();
  }

  /** Resolves once nothing waits and no write is under way. */
  drained(): Promise<void> {
    if (this.waiting.length === 0 && this.writes === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /**
   * Arranges the next write: in the next turn (`now`, gathering everything
   * submitted in this one) or after the linger. A write under way at the
   * concurrency limit reschedules when it ends.
   */
  private schedule(now: boolean): void {
    if (this.writes >= this.maxConcurrentWrites) return;
    if (this.timer && (this.timer.kind === 'now' || !now)) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const fire = () => {
      this.timer = null;
      this.flush();
    };
    this.timer = now
      ? { kind: 'now', handle: setImmediate(fire) }
      : { kind: 'linger', handle: setTimeout(fire, this.lingerMs) };
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.writes < this.maxConcurrentWrites) {
      const batch = this.waiting.splice(0, this.settings.maxBatch);
      this.writes += 1;
      void this.write(batch).finally(() => {
        this.writes -= 1;
        if (this.waiting.length > 0) {
          // These waited for the write that just ended: no lingering.
          this.schedule(true);
        } else if (this.writes === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
    }
  }

  private async write(batch: Waiting<I, R>[]): Promise<void> {
    const splitOn = this.settings.splitOn ?? ((error: unknown) => !isOutage(error));
    try {
      const results = await this.writeMany(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`writeMany returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((waiting, i) => waiting.resolve(results[i]!));
    } catch (error) {
      if (batch.length > 1 && splitOn(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.write(batch.slice(0, half));
        await this.write(batch.slice(half));
        return;
      }
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
