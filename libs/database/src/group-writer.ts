/**
 * Group commit for hot-path writes: items submitted while a write is under
 * way are written together by the next one, in one statement. At low load an
 * item is written at once (no lingering, so no added latency); under load
 * batches grow by themselves up to `maxBatch`. Invariants: `submit` resolves
 * only after the write that holds its item succeeded, with that item's result
 * (`writeMany` returns one result per item, in order); a failed write rejects
 * every item it held, and only those.
 */
export interface GroupWriterSettings {
  /** Most items in one write. */
  maxBatch: number;
  /** Writes under way at once (each its own connection from the pool). */
  maxConcurrentWrites: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupWriter<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private writes = 0;
  private scheduled = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly writeMany: (items: I[]) => Promise<R[]>,
    private readonly settings: GroupWriterSettings,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing waits and no write is under way. */
  drained(): Promise<void> {
    if (this.waiting.length === 0 && this.writes === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  /** Gathers everything submitted in this turn of the event loop before writing. */
  private schedule(): void {
    if (this.scheduled || this.writes >= this.settings.maxConcurrentWrites) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.writes < this.settings.maxConcurrentWrites) {
      const batch = this.waiting.splice(0, this.settings.maxBatch);
      this.writes += 1;
      void this.write(batch).finally(() => {
        this.writes -= 1;
        if (this.waiting.length > 0) {
          this.schedule();
        } else if (this.writes === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
    }
  }

  private async write(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.writeMany(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`writeMany returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((waiting, i) => waiting.resolve(results[i]!));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
