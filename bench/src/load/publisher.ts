import type { JetStreamClient } from '@nats-io/jetstream';
import { benchPayload, PAYLOAD_BYTES } from './payload.js';
import { PublishLedger, type Flow } from './lanes.js';

/**
 * Publishes bench events on JetStream the way a product service would: each
 * with a unique `Nats-Msg-Id` (Herald's idempotency key), awaiting the
 * stream's acknowledgement. A failed publish fails the run — it would show up
 * as a missing delivery otherwise.
 */
export class FlowPublisher {
  readonly ledger: PublishLedger;
  private seq = 0;
  private lane = 0;

  constructor(
    private readonly js: JetStreamClient,
    readonly flow: Flow,
    /** Size of each event's JSON. */
    private readonly payloadBytes = PAYLOAD_BYTES,
  ) {
    this.ledger = new PublishLedger(flow);
  }

  /** Publishes the flow's next message on its next lane (round robin). */
  async next(): Promise<void> {
    const laneIndex = this.lane;
    this.lane = (this.lane + 1) % this.flow.lanes.length;
    const seq = this.seq++;
    const id = `${this.flow.tag}-${seq}`;
    const lane = this.flow.lanes[laneIndex]!;
    await this.js.publish(lane.subject, benchPayload(this.flow.tag, seq, this.payloadBytes), {
      msgID: id,
    });
    this.ledger.count(laneIndex, id);
  }

  /** Publishes `n` messages with at most `parallel` acknowledgements outstanding. */
  async burst(n: number, parallel = 256): Promise<void> {
    let left = n;
    const worker = async () => {
      while (left > 0) {
        left -= 1;
        await this.next();
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  }
}
