import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';

/**
 * The reference pipelines' input, the plainest JetStream way: a file-backed
 * work-queue stream with one durable pull consumer (explicit acks, 30 s ack
 * wait), like Herald's streams.
 */
export async function openWorkQueue(
  jsm: JetStreamManager,
  js: JetStreamClient,
  queue: { stream: string; subjects: string[]; durable: string },
): Promise<Consumer> {
  await jsm.streams.add({
    name: queue.stream,
    subjects: queue.subjects,
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: 120_000_000_000,
  });
  await jsm.consumers.add(queue.stream, {
    durable_name: queue.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: 30_000_000_000,
    max_ack_pending: 10_000,
  });
  return js.consumers.get(queue.stream, queue.durable);
}

/** Handles the consumer's messages, at most `inFlight` at once, for as long as the process lives. */
export function consumeInFlight(
  consumer: Consumer,
  inFlight: number,
  handle: (msg: JsMsg) => Promise<void>,
): void {
  let free = inFlight;
  const waiters: (() => void)[] = [];
  const acquire = () =>
    free > 0 ? ((free -= 1), Promise.resolve()) : new Promise<void>((r) => waiters.push(r));
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else free += 1;
  };
  void (async () => {
    const messages = await consumer.consume({ max_messages: inFlight * 2 });
    for await (const msg of messages) {
      await acquire();
      void handle(msg).finally(release);
    }
  })();
}
