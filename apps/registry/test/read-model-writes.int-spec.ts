import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KV } from '@nats-io/kv';
import { NatsClient } from '@herald/messaging';
import { openRegistryBucket } from '@herald/registry-view';
import { dropNamespace, TEST_NATS_URL, uniqueNamespace } from '@herald/testing';
import { ReadModelSync } from '../src/read-model/read-model.sync.js';
import { RegistryPublisher } from '../src/read-model/registry-publisher.js';
import type { RegistryRows } from '../src/read-model/registry-rows.js';
import type { RegistryValue } from '../src/read-model/views.js';

/**
 * The re-sync's reads and writes against a real KV bucket: the bucket read in
 * one pass with each key's revision, and writes that give way to a newer one.
 * Postgres is stood in for by the rows each test names, so the moment another
 * writer lands (between the re-sync's read of the bucket and its writes) is
 * exact rather than a race.
 */
describe('the read model re-sync against a real KV bucket', () => {
  const namespace = uniqueNamespace('rmw');
  let nats: NatsClient;
  let kv: KV;
  let publisher: RegistryPublisher;

  beforeAll(async () => {
    nats = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace,
      service: 'registry-test',
      topics: [],
    });
    kv = await openRegistryBucket(nats);
    publisher = new RegistryPublisher(kv);
  });

  afterAll(async () => {
    await nats?.connection.close();
    await dropNamespace(TEST_NATS_URL, namespace);
  });

  const tenant = (name: string) => ({ id: name, name }) as unknown as RegistryValue;
  const valueOf = async (key: string) => {
    const entry = await kv.get(key);
    return entry?.operation === 'PUT' ? entry.json<unknown>() : null;
  };
  /** Rows as Postgres would give them; `meanwhile` runs after the re-sync read the bucket. */
  const rows = (desired: Record<string, RegistryValue>, meanwhile?: () => Promise<unknown>) =>
    ({
      async all() {
        await meanwhile?.();
        return new Map(Object.entries(desired));
      },
    }) as unknown as RegistryRows;

  it('reads every live key with its revision, the last one included, and no deleted key', async () => {
    const revisions = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      revisions.set(`tenant.s${i}`, await kv.put(`tenant.s${i}`, JSON.stringify({ n: i })));
    }
    await kv.delete('tenant.s7');
    const last = await kv.put('tenant.s119', JSON.stringify({ n: 'last' }));

    const snapshot = await publisher.snapshot();

    expect(snapshot.size).toBe(119);
    expect(snapshot.has('tenant.s7')).toBe(false);
    expect(snapshot.get('tenant.s0')).toEqual({
      value: { n: 0 },
      revision: revisions.get('tenant.s0'),
    });
    expect(snapshot.get('tenant.s119')).toEqual({ value: { n: 'last' }, revision: last });
    for (let i = 0; i < 120; i++) await kv.purge(`tenant.s${i}`);
  });

  it('writes a key only while it is at the revision read', async () => {
    const revision = await kv.put('tenant.cas', JSON.stringify({ v: 1 }));
    expect(await publisher.putIfUnchanged('tenant.cas', tenant('v2'), revision)).toBe(true);
    // The revision read is now stale: the newer value stands.
    expect(await publisher.putIfUnchanged('tenant.cas', tenant('v3'), revision)).toBe(false);
    expect(await valueOf('tenant.cas')).toEqual(tenant('v2'));
    expect(await publisher.deleteIfUnchanged('tenant.cas', revision)).toBe(false);
    expect(await valueOf('tenant.cas')).toEqual(tenant('v2'));

    // Revision 0: only where the key is absent, or deleted.
    expect(await publisher.putIfUnchanged('tenant.cas', tenant('v4'), 0)).toBe(false);
    await kv.delete('tenant.cas');
    expect(await publisher.putIfUnchanged('tenant.cas', tenant('v5'), 0)).toBe(true);
    expect(await valueOf('tenant.cas')).toEqual(tenant('v5'));
    await kv.purge('tenant.cas');
  });

  it('re-syncs stale, missing and orphan keys, and leaves a key written meanwhile as written', async () => {
    await kv.put('tenant.stale', JSON.stringify(tenant('old')));
    await kv.put('tenant.orphan', JSON.stringify(tenant('orphan')));
    await kv.put('tenant.raced', JSON.stringify(tenant('old')));
    await kv.put('tenant.equal', JSON.stringify(tenant('equal')));
    const equalRevision = (await kv.get('tenant.equal'))?.revision;
    const sync = new ReadModelSync(
      rows(
        {
          'tenant.stale': tenant('new'),
          'tenant.missing': tenant('missing'),
          'tenant.raced': tenant('as read'),
          'tenant.equal': tenant('equal'),
        },
        // Another replica commits a newer change and publishes it after the bucket was read.
        () => kv.put('tenant.raced', JSON.stringify(tenant('newer, from another replica'))),
      ),
      publisher,
    );

    const result = await sync.resync();

    expect(result).toEqual({ checked: 5, changed: 4 });
    expect({
      stale: await valueOf('tenant.stale'),
      missing: await valueOf('tenant.missing'),
      orphan: await valueOf('tenant.orphan'),
      raced: await valueOf('tenant.raced'),
    }).toEqual({
      stale: tenant('new'),
      missing: tenant('missing'),
      orphan: null,
      raced: tenant('newer, from another replica'),
    });
    expect((await kv.get('tenant.equal'))?.revision).toBe(equalRevision);
  });

  it('rewrites a value that is not JSON instead of failing on it, and deletes one without a row', async () => {
    await kv.put('tenant.garbled', '{not json');
    await kv.put('tenant.garbled-orphan', '{not json either');
    const sync = new ReadModelSync(rows({ 'tenant.garbled': tenant('readable') }), publisher);

    const result = await sync.resync();

    expect(result.changed).toBeGreaterThanOrEqual(2);
    expect(await valueOf('tenant.garbled')).toEqual(tenant('readable'));
    expect(await valueOf('tenant.garbled-orphan')).toBeNull();
  });
});
