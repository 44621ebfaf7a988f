/**
 * Publishes one event on NATS JetStream, as a product service would:
 *   node scripts/publish.mjs <subject> '<json payload>' [idempotency-key] [channel]
 * e.g. node scripts/publish.mjs herald.ingest.<tenantId>.message_created '{"text":"hi"}' evt-1
 *
 * With NATS auth, NATS_CREDS names the tenant's `.creds` file (POST
 * /v1/nats-credentials): it connects with it and with the inbox prefix those
 * credentials may subscribe to (`_INBOX_<user public key>`), so the PubAck
 * reaches it.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';

const [subject, payload, key, channel] = process.argv.slice(2);
if (!subject || payload === undefined) {
  console.error(
    "usage: node scripts/publish.mjs <subject> '<json payload>' [idempotency-key] [channel]",
  );
  process.exit(2);
}
function credsOptions(file) {
  if (!file) return {};
  const creds = readFileSync(file, 'utf8');
  const jwt = /-----BEGIN NATS USER JWT-----\s+(\S+)/.exec(creds)?.[1];
  if (!jwt) throw new Error(`${file} is not a .creds file`);
  const user = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).sub;
  return {
    authenticator: credsAuthenticator(Buffer.from(creds)),
    inboxPrefix: `_INBOX_${user}`,
  };
}

const nc = await connect({
  servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
  ...credsOptions(process.env.NATS_CREDS),
});
const h = headers();
if (key) h.set('Herald-Idempotency-Key', key);
if (channel) h.set('Herald-Channel', channel);
const ack = await jetstream(nc).publish(subject, payload, { headers: h });
console.log(`stored in ${ack.stream} as #${ack.seq}${ack.duplicate ? ' (duplicate)' : ''}`);
await nc.close();
