/**
 * Publishes one event on NATS JetStream, as a product service would:
 *   node scripts/publish.mjs <subject> '<json payload>' [idempotency-key] [channel]
 * e.g. node scripts/publish.mjs herald.ingest.<tenantId>.message_created '{"text":"hi"}' evt-1
 */
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';

const [subject, payload, key, channel] = process.argv.slice(2);
if (!subject || payload === undefined) {
  console.error(
    "usage: node scripts/publish.mjs <subject> '<json payload>' [idempotency-key] [channel]",
  );
  process.exit(2);
}
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const h = headers();
if (key) h.set('Herald-Idempotency-Key', key);
if (channel) h.set('Herald-Channel', channel);
const ack = await jetstream(nc).publish(subject, payload, { headers: h });
console.log(`stored in ${ack.stream} as #${ack.seq}${ack.duplicate ? ' (duplicate)' : ''}`);
await nc.close();
