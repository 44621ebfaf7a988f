/** Something JetStream must be told is still being worked on. */
export interface Working {
  working(): void;
}

/**
 * One timer for every task the dispatcher holds, instead of one interval per
 * task: every `intervalMs` each task held tells JetStream it is still being
 * worked on. A task held for less than the interval costs a set insertion
 * and a deletion. Invariant: a task held from `hold` until its release is
 * told working at least every `intervalMs` (its first time within
 * `intervalMs` of `hold`), so with an ack wait of a few intervals it is never
 * redelivered while held. The timer runs only while some task is held, and
 * never keeps the process alive.
 */
export class Heartbeats {
  private readonly held = new Set<Working>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number) {}

  /** Starts beating for `task`; call the returned function when it is settled. */
  hold(task: Working): () => void {
    this.held.add(task);
    if (!this.timer) {
      this.timer = setInterval(() => this.beat(), this.intervalMs);
      this.timer.unref();
    }
    return () => this.release(task);
  }

  /** Tasks held now. */
  get size(): number {
    return this.held.size;
  }

  private release(task: Working): void {
    this.held.delete(task);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private beat(): void {
    for (const task of this.held) task.working();
  }
}
