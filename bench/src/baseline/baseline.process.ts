/**
 * The baseline: the simplest pipeline that could deliver webhooks from NATS.
 * A JetStream durable pull consumer; for each task it signs the body
 * (HMAC-SHA256, Standard Webhooks headers), POSTs it with undici, and acks on
 * 2xx (naks otherwise). 64 requests in flight, no persistence, no breaker, no
 * metrics, no retry schedule. Tasks are published on
 * `<ns>.baseline.<routeKey>`; the route table (URL and secret per key) is
 * sent over IPC, like a read model that never changes.
 *
 * The durable relay hands it batches on `<ns>.baseline.relay-batch`: each
 * item is sent the same way, and the batch's attempts are published, PubAck
 * awaited, before its ack, as Herald logs every attempt (`relay.process.ts`).
 */
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { request } from 'undici';
import { serveRpc } from '../lifecycle/rpc.js';
import {
  BASELINE_IN_FLIGHT as IN_FLIGHT,
  baselineStream,
  relayBatchSubject,
  relayLogSubject,
} from './naming.js';
import { decodeBatch, encodeBatch } from './relay-batch.js';
import { signStandardWebhook } from './sign.js';
import { consumeInFlight, openWorkQueue } from './work-queue.js';

const namespace = process.env.BENCH_NAMESPACE!;
const nc = await connect({ servers: process.env.NATS_URL!.split(','), name: 'bench-baseline' });
const jsm = await jetstreamManager(nc);
const stream = baselineStream(namespace);
const js = jetstream(nc);
const consumer = await openWorkQueue(jsm, js, {
  stream,
  subjects: [`${namespace}.baseline.>`],
  durable: 'baseline',
});

const routes = new Map<string, { url: string; secret: string }>();
const stats = { delivered: 0, failed: 0 };
const prefix = `${namespace}.baseline.`;

/** POSTs one signed body; the status, or 0 when no response came. */
async function post(route: { url: string; secret: string }, id: string, body: Uint8Array) {
  try {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await request(route.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signStandardWebhook(route.secret, id, timestamp, body),
      },
      body,
    });
    await response.body.dump();
    return response.statusCode;
  } catch {
    return 0;
  }
}

const ok = (status: number) => status >= 200 && status < 300;

async function deliver(msg: JsMsg): Promise<void> {
  if (msg.subject === relayBatchSubject(namespace)) return deliverRelayed(msg);
  const route = routes.get(msg.subject.slice(prefix.length));
  const id = msg.headers?.get('Nats-Msg-Id') ?? `${msg.seq}`;
  if (!route) {
    msg.term();
    return;
  }
  if (ok(await post(route, id, msg.data))) {
    stats.delivered += 1;
    msg.ack();
    return;
  }
  stats.failed += 1;
  msg.nak(100);
}

/**
 * A batch the durable relay handed over: every item sent, then their
 * attempts published as one message on `<ns>.relaylog.batch` (PubAck
 * awaited), then the batch acked; naked whole if any item failed.
 */
async function deliverRelayed(msg: JsMsg): Promise<void> {
  const items = decodeBatch(msg.data);
  const attempts = await Promise.all(
    items.map(async (item) => {
      const route = routes.get(item.key);
      const at = Date.now();
      const status = route ? await post(route, item.id, item.body) : 0;
      const attempt = { messageId: item.id, status, at, latencyMs: Date.now() - at };
      return { id: `${item.id}:${msg.info.deliveryCount}`, key: item.key, status, attempt };
    }),
  );
  try {
    await js.publish(
      relayLogSubject(namespace, 'batch'),
      encodeBatch(
        attempts.map(({ id, key, attempt }) => ({
          id,
          key,
          body: encoder.encode(JSON.stringify(attempt)),
        })),
      ),
      { msgID: `${msg.info.stream}:${msg.seq}:${msg.info.deliveryCount}` },
    );
  } catch {
    stats.failed += items.length;
    msg.nak(100);
    return;
  }
  const failed = attempts.filter((a) => !ok(a.status)).length;
  stats.delivered += items.length - failed;
  stats.failed += failed;
  if (failed === 0) msg.ack();
  else msg.nak(100);
}

const encoder = new TextEncoder();

consumeInFlight(consumer, IN_FLIGHT, deliver);

const handlers = {
  routes: (table: Record<string, { url: string; secret: string }>) => {
    for (const [key, route] of Object.entries(table)) routes.set(key, route);
  },
  stats: () => ({ ...stats }),
};
export type BaselineHandlers = typeof handlers;

serveRpc(handlers, { stream });
