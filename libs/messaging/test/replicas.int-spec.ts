import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NatsServers, pollUntil, uniqueNamespace } from '@herald/testing';
import { NatsClient } from '../src/nats-client.js';

/**
 * On a real 3-node nats-server cluster (loopback, routes, JetStream): a start
 * with replicas 3 creates R3 streams and buckets, a later start with the
 * default of 1 leaves them at R3, and a start with 3 raises an R1 stream.
 */
describe('stream and bucket replicas on a 3-node cluster', () => {
  let cluster: NatsServers;
  const clients: NatsClient[] = [];

  const start = async (namespace: string, replicas?: number) => {
    const client = await NatsClient.connect({
      url: cluster.url(0),
      namespace,
      service: 'replicas-test',
      topics: ['deliver.v1', 'attempt.v1'],
      ...(replicas === undefined ? {} : { replicas }),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cluster = await NatsServers.create(3);
    await cluster.start();
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) await client.connection.close();
    await cluster?.stop();
  });

  it('creates R3, and a start with the default never lowers it', async () => {
    const namespace = uniqueNamespace('r3');
    // The cluster needs a JetStream meta leader before the first stream; connect waits for it.
    const first = await start(namespace, 3);
    const bucket = first.ns.endpointStateBucket;
    await first.openBucket(bucket, { history: 1 });
    const replicasOf = async (client: NatsClient, stream: string) =>
      (await client.jsm.streams.info(stream)).config.num_replicas;
    expect(await replicasOf(first, first.ns.stream('deliver.v1'))).toBe(3);
    expect(await replicasOf(first, `KV_${bucket}`)).toBe(3);

    const second = await start(namespace); // HERALD_STREAM_REPLICAS unset: 1
    await second.openBucket(bucket, { history: 1 });
    expect(await replicasOf(second, second.ns.stream('deliver.v1'))).toBe(3);
    expect(await replicasOf(second, second.ns.stream('attempt.v1'))).toBe(3);
    expect(await replicasOf(second, `KV_${bucket}`)).toBe(3);
  }, 120_000);

  it('raises an R1 stream and bucket to the configured replicas', async () => {
    const namespace = uniqueNamespace('r1');
    const old = await start(namespace, 1);
    const bucket = old.ns.endpointStateBucket;
    await old.openBucket(bucket, { history: 1 });
    expect((await old.jsm.streams.info(old.ns.stream('deliver.v1'))).config.num_replicas).toBe(1);

    const raised = await start(namespace, 3);
    await raised.openBucket(bucket, { history: 1 });
    await pollUntil(
      async () =>
        (await raised.jsm.streams.info(raised.ns.stream('deliver.v1'))).config.num_replicas === 3 &&
        (await raised.jsm.streams.info(`KV_${bucket}`)).config.num_replicas === 3,
      { timeoutMs: 20_000, what: 'streams raised to R3' },
    );
  }, 120_000);
});
