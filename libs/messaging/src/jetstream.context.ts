import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/nats-core';

/**
 * Handler context: the JetStream message behind the payload. Invariant: the
 * transport settles the message exactly once, when the handler's promise
 * settles; `release()` only frees the consumer slot early (so a handler that
 * parks a message — in a per-endpoint queue, say — does not stop the consumer
 * from taking the next one), it never acks.
 */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  private released = false;
  private headers: Map<string, string> | undefined;

  constructor(
    args: [JsMsg],
    private readonly onRelease: () => void = () => undefined,
  ) {
    super(args);
  }

  get message(): JsMsg {
    return this.args[0];
  }

  get subject(): string {
    return this.message.subject;
  }

  /** 1 on first delivery, incremented by every redelivery. */
  get deliveryCount(): number {
    return this.message.info.deliveryCount;
  }

  /**
   * The message's first value of header `name` (exact name), or undefined
   * when it has none or an empty one. The headers are read into a map at the
   * first call: nats.js lists and filters every key on each of its lookups.
   */
  header(name: string): string | undefined {
    this.headers ??= firstValues(this.message.headers);
    const value = this.headers.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /** Tells JetStream the handler is still working, extending the ack deadline. */
  working(): void {
    this.message.working();
  }

  /**
   * Frees this message's concurrency slot in the consumer while the handler
   * keeps ownership of its settlement. Idempotent; the slot is freed anyway
   * when the handler settles. While a released message waits, the handler
   * must call `working()` well within the ack wait.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }

  /** Whether `release()` was called. */
  get isReleased(): boolean {
    return this.released;
  }
}

/** Each header's first value. */
function firstValues(headers: MsgHdrs | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (!headers) return values;
  for (const [name, all] of headers) {
    if (all.length > 0) values.set(name, all[0]!);
  }
  return values;
}
