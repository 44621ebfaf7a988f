import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Namespace, type EndpointView } from '@herald/contracts';
import { HeraldProducer } from '@herald/producer';
import { RegistryView } from '@herald/registry-view';
import {
  baseUrl,
  createTestDatabase,
  dropNamespace,
  inProcessEnv,
  pollUntil,
  RegistrySeed,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import { startIngest } from '../src/app.js';
import { loadIngestConfig } from '../src/config.js';

/**
 * @herald/producer through real NATS and ingest: the event arrives as one
 * message with its idempotency key, channel and version as ingest reads them,
 * is fanned out to the endpoint of that channel, and a retried publish with
 * the same key is stored once.
 */
interface Message {
  id: string;
  eventType: string;
  eventVersion: number;
  channel: string | null;
  endpointIds: string[] | null;
  payload: string;
}

describe('HeraldProducer → ingest (real NATS + Postgres)', () => {
  const namespace = uniqueNamespace('prd');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let seed: RegistrySeed;
  let nc: NatsConnection;
  let tenant: { tenantId: string; apiKey: string };
  let web: EndpointView;

  const messages = async (query: string) => {
    const response = await fetch(`${baseUrl(app)}/v1/messages?${query}`, {
      headers: { authorization: `Bearer ${tenant.apiKey}` },
    });
    return ((await response.json()) as { data: Message[] }).data;
  };

  /** The ingest consumer has nothing pending or un-acked: the retry was ended too. */
  const ingestDrained = async () => {
    const ns = new Namespace(namespace);
    const info = await (
      await jetstreamManager(nc)
    ).consumers.info(ns.stream('ingest'), ns.consumer('ingest', 'ingest'));
    return info.num_ack_pending === 0 && info.num_pending === 0;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    seed = await RegistrySeed.open(TEST_NATS_URL, namespace);
    tenant = await seed.tenant();
    web = await seed.endpoint(tenant.tenantId, {
      url: 'https://web.example',
      eventTypes: ['*'],
      channels: ['web'],
    });
    await seed.endpoint(tenant.tenantId, {
      url: 'https://mobile.example',
      eventTypes: ['*'],
      channels: ['mobile'],
    });
    app = await startIngest(
      loadIngestConfig({
        ...inProcessEnv('ingest', namespace, db.url),
      }),
    );
    const view = app.get(RegistryView);
    await pollUntil(() => [...view.endpointsOf(tenant.tenantId)].length === 2, {
      what: 'endpoints in the read model',
    });
    nc = await connect({ servers: TEST_NATS_URL });
  });

  afterAll(async () => {
    await nc.close();
    await app.close();
    await seed.dispose();
    await dropNamespace(TEST_NATS_URL, namespace);
    await db.drop();
  });

  it('publishes with idempotency key, channel and version headers; a retry is stored once', async () => {
    const producer = new HeraldProducer(jetstream(nc), { namespace });
    const event = {
      tenantId: tenant.tenantId,
      type: 'order.paid',
      payload: { order: 42 },
      id: 'order-42-paid',
      channel: 'web',
      version: 1,
    };
    const first = await producer.publish(event);
    expect(first).toMatchObject({
      subject: `${namespace}.ingest.${tenant.tenantId}.order.paid`,
      idempotencyKey: 'order-42-paid',
      duplicate: false,
    });
    const stored = await pollUntil(
      async () => (await messages('channel=web')).find((m) => m.endpointIds !== null),
      { timeoutMs: 20_000, what: 'the message stored and fanned out' },
    );
    expect(stored).toMatchObject({
      eventType: 'order.paid',
      eventVersion: 1,
      channel: 'web',
      endpointIds: [web.id],
      payload: '{"order":42}',
    });

    // The retry. JetStream's own de-duplication on the public ingest stream lasts
    // 100 ms, so whether it still answers `duplicate` depends on timing; the
    // guarantee is ingest's, per tenant and durable: the retry is stored once.
    await producer.publish(event);
    // A second key is a second message: the first one was not merely slow.
    await producer.publish({ ...event, id: 'order-43-paid', payload: { order: 43 } });
    await pollUntil(
      async () => (await messages('channel=web')).length >= 2 && (await ingestDrained()),
      {
        timeoutMs: 20_000,
        what: 'the second message, and the ingest consumer with nothing left to end',
      },
    );
    expect((await messages('eventType=order.paid')).map((m) => m.payload).sort()).toEqual([
      '{"order":42}',
      '{"order":43}',
    ]);
  });
});
