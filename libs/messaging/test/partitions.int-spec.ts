import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AckPolicy } from '@nats-io/jetstream';
import {
  HEALTH_PARTITIONS,
  allPartitions,
  partitionOf,
  type AttemptOutcome,
} from '@herald/contracts';
import {
  anAttemptOutcome,
  dropNamespace,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import {
  attachJetStreamTransport,
  JetStreamTransport,
  MessagingModule,
  NatsClient,
  Publisher,
} from '../src/index.js';

/** attemptId → the names of the replicas that handled it. */
const handled = new Map<string, string[]>();

const outcome = (attemptId: string, endpointId: string): AttemptOutcome =>
  anAttemptOutcome({
    attemptId,
    messageId: attemptId,
    tenantId: 't1',
    endpointId,
    eventType: 'x',
    latencyMs: 1,
    responseBody: null,
  });

/** Apps to close after each test, even one whose start failed. */
const apps: INestApplication[] = [];

/** One replica of a service that consumes attempt.v1 per partition. */
async function replica(namespace: string, name: string) {
  @Controller()
  class AttemptProbe {
    @EventPattern<string>('attempt.v1')
    handle(@Payload() attempt: AttemptOutcome) {
      handled.set(attempt.attemptId, [...(handled.get(attempt.attemptId) ?? []), name]);
    }
  }
  @Module({
    imports: [
      MessagingModule.forRoot({
        url: TEST_NATS_URL,
        namespace,
        service: 'probe',
        topics: ['attempt.v1'],
      }),
    ],
    controllers: [AttemptProbe],
  })
  class ProbeModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  apps.push(app);
  const transport = new JetStreamTransport(app.get(NatsClient), {
    service: 'probe',
    partitioned: ['attempt.v1'],
  });
  attachJetStreamTransport(app, transport);
  await app.startAllMicroservices();
  await app.init();
  return { app, transport, publisher: app.get(Publisher), nats: app.get(NatsClient) };
}

describe('partitioned consumers (real NATS)', () => {
  const namespaces: string[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
  });

  afterAll(async () => {
    for (const namespace of namespaces) await dropNamespace(TEST_NATS_URL, namespace);
  });

  const fresh = () => {
    const namespace = uniqueNamespace('parts');
    namespaces.push(namespace);
    return namespace;
  };

  it('gives each partition to the one replica that started it, each message once', async () => {
    const namespace = fresh();
    const a = await replica(namespace, 'a');
    const b = await replica(namespace, 'b');
    const half = HEALTH_PARTITIONS / 2;
    for (const p of allPartitions()) await (p < half ? a : b).transport.startPartition(p);
    expect(a.transport.runningPartitions).toEqual(allPartitions().slice(0, half));

    const sent = Array.from({ length: 200 }, (_, i) => outcome(`${namespace}-${i}`, `ep-${i}`));
    await Promise.all(
      sent.map((o) => a.publisher.publish('attempt.v1', o.endpointId, o, o.attemptId)),
    );
    await pollUntil(() => sent.every((o) => handled.has(o.attemptId)), {
      what: 'every attempt handled',
    });
    for (const o of sent) {
      // Exactly once, by the replica holding the endpoint's partition.
      expect(handled.get(o.attemptId)).toEqual([partitionOf(o.endpointId) < half ? 'a' : 'b']);
    }
    const owners = new Set(sent.map((o) => handled.get(o.attemptId)![0]));
    expect(owners).toEqual(new Set(['a', 'b']));
  });

  it('hands a stopped partition over without losing what arrived in between', async () => {
    const namespace = fresh();
    const a = await replica(namespace, 'a');
    const b = await replica(namespace, 'b');
    const endpointId = 'ep-handover';
    const p = partitionOf(endpointId);
    await a.transport.startPartition(p);
    const first = outcome(`${namespace}-first`, endpointId);
    await a.publisher.publish('attempt.v1', endpointId, first, first.attemptId);
    await pollUntil(() => handled.has(first.attemptId), { what: 'the first attempt handled' });

    await a.transport.stopPartition(p);
    expect(a.transport.runningPartitions).toEqual([]);
    // Published while nobody consumes the partition: it waits in the stream.
    const between = outcome(`${namespace}-between`, endpointId);
    await a.publisher.publish('attempt.v1', endpointId, between, between.attemptId);
    await b.transport.startPartition(p);
    const after = outcome(`${namespace}-after`, endpointId);
    await a.publisher.publish('attempt.v1', endpointId, after, after.attemptId);
    await pollUntil(() => handled.has(between.attemptId) && handled.has(after.attemptId), {
      what: 'the attempts after the hand-over handled',
    });
    expect(handled.get(first.attemptId)).toEqual(['a']);
    expect(handled.get(between.attemptId)).toEqual(['b']);
    expect(handled.get(after.attemptId)).toEqual(['b']);
  });

  it('deletes a drained unpartitioned consumer at start, and refuses to start beside one with messages', async () => {
    const namespace = fresh();
    const a = await replica(namespace, 'a');
    await a.app.close();
    const admin = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace,
      service: 'probe-admin',
      topics: ['attempt.v1'],
    });
    const stream = admin.ns.stream('attempt.v1');
    const legacy = admin.ns.consumer('attempt.v1', 'probe');
    // The consumer of the version before partitions, with one message still for it.
    await admin.jsm.consumers.add(stream, {
      durable_name: legacy,
      ack_policy: AckPolicy.Explicit,
    });
    const stuck = outcome(`${namespace}-old`, 'ep-old');
    await admin.js.publish(`${namespace}.attempt.v1.ep-old`, JSON.stringify(stuck));
    await expect(replica(namespace, 'b')).rejects.toThrow(/drain them with the previous version/);

    const consumer = await admin.js.consumers.get(stream, legacy);
    const message = await consumer.next();
    message!.ack();
    await pollUntil(
      async () => (await admin.jsm.consumers.info(stream, legacy)).num_ack_pending === 0,
      { what: 'the old consumer drained' },
    );
    const c = await replica(namespace, 'c');
    await expect(c.nats.jsm.consumers.info(stream, legacy)).rejects.toThrow(/not found/);
    await c.transport.startPartition(0);
    expect(c.transport.runningPartitions).toEqual([0]);
    await admin.connection.close();
  });
});
