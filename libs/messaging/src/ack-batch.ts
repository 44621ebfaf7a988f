/** What `AckBatch` needs of a JetStream message. */
export interface Ackable {
  ack(): void;
}

/**
 * Acks sent in bulk: every message settled during one turn of the event loop
 * is acked in the next, together, so the connection writes them to its socket
 * once instead of once per handler that finished. An ack leaves at most one
 * turn later than its handler settled, always after the effect it confirms
 * is durable.
 */
export class AckBatch {
  private pending: Ackable[] = [];
  private scheduled = false;

  add(msg: Ackable): void {
    this.pending.push(msg);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Acks what waits now (also on the way out, before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    for (const msg of pending) msg.ack();
  }
}
