import { afterAll, describe, expect, it } from '@jest/globals';
import { dropNamespace, freePort, TEST_NATS_URL, uniqueNamespace } from '@herald/testing';
import { NatsClient } from '../src/nats-client.js';

/**
 * NATS_URL may list several servers: the client connects through whichever
 * answers, so a dead first entry (a node down during a rollout) does not stop a start.
 */
describe('a comma-separated NATS_URL', () => {
  const namespace = uniqueNamespace('servers');
  let client: NatsClient | undefined;

  afterAll(async () => {
    await client?.connection.close();
    await dropNamespace(TEST_NATS_URL, namespace);
  });

  it('connects through a listed server that answers when another does not', async () => {
    const dead = `nats://127.0.0.1:${await freePort()}`;
    client = await NatsClient.connect({
      url: `${dead}, ${TEST_NATS_URL}`,
      namespace,
      service: 'server-list-test',
      topics: ['deliver.v1'],
    });
    const info = await client.jsm.streams.info(client.ns.stream('deliver.v1'));
    expect(info.config.name).toBe(client.ns.stream('deliver.v1'));
    expect(client.connection.getServer()).toBe(new URL(TEST_NATS_URL).host);
  }, 30_000);
});
