/**
 * The durable relay: the least a pipeline must do when, as in Herald's fixed
 * shape, the event is stored by one process, sent by another and its
 * attempt logged by a third, each hop durable before the previous one acks.
 * It runs as two processes around the baseline (which sends):
 *
 * - `store`: stores each event on `<ns>.relay.<routeKey>` as a row in
 *   Postgres, hands the rows of each commit to the baseline as one batch
 *   message (PubAck awaited), then acks the events;
 * - the baseline sends every item of a batch, publishes their attempts as
 *   one message on `<ns>.relaylog.batch` (PubAck awaited), then acks it;
 * - `log`: stores the attempts as rows in Postgres, then acks.
 *
 * Rows are group-committed (those that arrive while a commit is under way go
 * together in the next INSERT), so both later hops carry batches, as
 * Herald's do (ADR 0094). No schema, tenants, metrics, breakers or
 * framework: a floor for Herald's path on the same machine, so the bench can
 * say how much of Herald's latency and CPU the durable hops cost by
 * themselves, and how much is Herald's own.
 */
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { serveRpc } from '../lifecycle/rpc.js';
import {
  BASELINE_IN_FLIGHT as IN_FLIGHT,
  relayBatchSubject,
  relayLogStream,
  relayStream,
} from './naming.js';
import { decodeBatch, encodeBatch, type RelayItem } from './relay-batch.js';
import { consumeInFlight, openWorkQueue } from './work-queue.js';

const namespace = process.env.BENCH_NAMESPACE!;
const role = process.env.RELAY_ROLE === 'log' ? 'log' : 'store';
const nc = await connect({
  servers: process.env.NATS_URL!.split(','),
  name: `bench-relay-${role}`,
});
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const stream = role === 'store' ? relayStream(namespace) : relayLogStream(namespace);
const prefix = `${namespace}.${role === 'store' ? 'relay' : 'relaylog'}.`;
const consumer = await openWorkQueue(jsm, js, { stream, subjects: [`${prefix}>`], durable: role });

const table = role === 'store' ? 'bench_relay_messages' : 'bench_relay_attempts';
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 2 });
await db.query(
  `CREATE TABLE IF NOT EXISTS ${table} (id text PRIMARY KEY, body bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
);

const stats = { handled: 0, failed: 0, commits: 0 };

interface Pending {
  items: RelayItem[];
  done: (error?: Error) => void;
}
let waiting: Pending[] = [];
let committing = false;
let batches = 0;

/**
 * Stores the items' rows with those that arrive while the current commit is
 * under way, in the next. The `store` process then hands the whole commit
 * to the sender as one batch message, PubAck awaited, before anyone acks.
 */
function commitWithOthers(items: RelayItem[]): Promise<void> {
  return new Promise((resolve, reject) => {
    waiting.push({ items, done: (error) => (error ? reject(error) : resolve()) });
    if (!committing) void commit();
  });
}

async function commit(): Promise<void> {
  committing = true;
  while (waiting.length > 0) {
    const callers = waiting;
    waiting = [];
    const rows = callers.flatMap((caller) => caller.items);
    const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
    try {
      await db.query(
        `INSERT INTO ${table} (id, body) VALUES ${values} ON CONFLICT (id) DO NOTHING`,
        rows.flatMap((row) => [row.id, row.body]),
      );
      stats.commits += 1;
      if (role === 'store') {
        await js.publish(relayBatchSubject(namespace), encodeBatch(rows), {
          msgID: `relay:${process.pid}:${(batches += 1)}`,
        });
      }
      for (const caller of callers) caller.done();
    } catch (error) {
      for (const caller of callers) caller.done(error as Error);
    }
  }
  committing = false;
}

async function handle(msg: JsMsg): Promise<void> {
  try {
    const items =
      role === 'store'
        ? [
            {
              id: msg.headers?.get('Nats-Msg-Id') ?? `${msg.seq}`,
              key: msg.subject.slice(prefix.length),
              body: msg.data,
            },
          ]
        : decodeBatch(msg.data);
    await commitWithOthers(items);
    stats.handled += items.length;
    msg.ack();
  } catch {
    stats.failed += 1;
    msg.nak(100);
  }
}

consumeInFlight(consumer, IN_FLIGHT, handle);

const handlers = { stats: () => ({ ...stats }) };
export type RelayHandlers = typeof handlers;

serveRpc(handlers, { stream });
