/**
 * The baseline: the simplest pipeline that could deliver webhooks from NATS.
 * A JetStream durable pull consumer; for each task it signs the body
 * (HMAC-SHA256, Standard Webhooks headers), POSTs it with undici, and acks on
 * 2xx (naks otherwise). 64 requests in flight, no persistence, no breaker, no
 * metrics, no retry schedule. Tasks are published on
 * `<ns>.baseline.<routeKey>`; the route table (URL and secret per key) is
 * sent over IPC, like a read model that never changes.
 */
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { request } from 'undici';
import { serveRpc } from '../lifecycle/rpc.js';
import { BASELINE_IN_FLIGHT as IN_FLIGHT, baselineStream } from './naming.js';
import { signStandardWebhook } from './sign.js';

const namespace = process.env.BENCH_NAMESPACE!;
const nc = await connect({ servers: process.env.NATS_URL!.split(','), name: 'bench-baseline' });
const jsm = await jetstreamManager(nc);
const stream = baselineStream(namespace);
await jsm.streams.add({
  name: stream,
  subjects: [`${namespace}.baseline.>`],
  retention: RetentionPolicy.Workqueue,
  storage: StorageType.File,
  duplicate_window: 120_000_000_000,
});
await jsm.consumers.add(stream, {
  durable_name: 'baseline',
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  ack_wait: 30_000_000_000,
  max_ack_pending: 10_000,
});
const consumer = await jetstream(nc).consumers.get(stream, 'baseline');

const routes = new Map<string, { url: string; secret: string }>();
const stats = { delivered: 0, failed: 0 };
const prefix = `${namespace}.baseline.`;

async function deliver(msg: JsMsg): Promise<void> {
  const route = routes.get(msg.subject.slice(prefix.length));
  const id = msg.headers?.get('Nats-Msg-Id') ?? `${msg.seq}`;
  if (!route) {
    msg.term();
    return;
  }
  try {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await request(route.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(route.secret, id, timestamp, msg.data),
      },
      body: msg.data,
    });
    await response.body.dump();
    if (response.statusCode >= 200 && response.statusCode < 300) {
      stats.delivered += 1;
      msg.ack();
      return;
    }
  } catch {
    // counted below
  }
  stats.failed += 1;
  msg.nak(100);
}

let free = IN_FLIGHT;
const waiters: (() => void)[] = [];
const acquire = () =>
  free > 0 ? ((free -= 1), Promise.resolve()) : new Promise<void>((r) => waiters.push(r));
const release = () => {
  const next = waiters.shift();
  if (next) next();
  else free += 1;
};

void (async () => {
  const messages = await consumer.consume({ max_messages: IN_FLIGHT * 2 });
  for await (const msg of messages) {
    await acquire();
    void deliver(msg).finally(release);
  }
})();

const handlers = {
  routes: (table: Record<string, { url: string; secret: string }>) => {
    for (const [key, route] of Object.entries(table)) routes.set(key, route);
  },
  stats: () => ({ ...stats }),
};
export type BaselineHandlers = typeof handlers;

serveRpc(handlers, { stream });
