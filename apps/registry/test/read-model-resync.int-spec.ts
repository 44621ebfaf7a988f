import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { type RegistryView } from '@herald/registry-view';
import { hashApiKey } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { ApiKeyEntity } from '../src/entities/api-key.entity.js';
import { EndpointEntity } from '../src/entities/endpoint.entity.js';
import { RegistryHarness } from './registry-harness.js';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';

/**
 * Start-up re-sync: whatever happened between Postgres and the KV bucket
 * while the registry was down (or crashed mid-request), a restart makes the
 * bucket equal to Postgres again.
 */
describe('registry read model re-sync at start-up (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let view: RegistryView;
  let kv: KV;
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start();
    watcher = await watchReadModel(registry.namespace);
    ({ view, kv } = watcher);
    tenant = await registry.createTenant('acme');
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const createEndpoint = async (body: Record<string, unknown> = {}) => {
    const response = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: tenant.apiKey,
      body: { url: 'https://example.com/hooks', eventTypes: ['*'], ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('re-syncs at start-up: writes missed changes, deletes orphans, leaves equal keys alone', async () => {
    const kept = await createEndpoint({ url: 'https://example.com/kept' });
    const stale = await createEndpoint({ url: 'https://example.com/stale' });
    const removed = await createEndpoint({ url: 'https://example.com/removed' });
    const lost = await createEndpoint({ url: 'https://example.com/lost' });
    const revoked = await registry.createTenant('revoked');
    for (const id of [kept.id, stale.id, removed.id, lost.id]) {
      await pollUntil(() => view.endpoint(id), WITHIN_A_SECOND);
    }
    const keptRevision = (await kv.get(REGISTRY_KEYS.endpoint(kept.id)))?.revision;

    // Commits whose KV write never happened (as if the registry crashed in between) …
    const db = registry.app.get(DataSource);
    const unpublishedId = randomUUID();
    await db.getRepository(EndpointEntity).insert({
      id: unpublishedId,
      tenantId: tenant.id,
      url: 'https://example.com/unpublished',
      description: null,
      eventTypes: ['*'],
      channels: [],
      enabled: true,
      secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      headers: {},
      timeoutMs: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await db
      .getRepository(EndpointEntity)
      .update({ id: stale.id }, { url: 'https://example.com/fresh' });
    await db.getRepository(EndpointEntity).delete({ id: removed.id });
    await db
      .getRepository(ApiKeyEntity)
      .update({ tenantId: revoked.id }, { revokedAt: new Date() });
    // … and KV writes that went astray.
    await kv.delete(REGISTRY_KEYS.endpoint(lost.id));
    const orphanId = randomUUID();
    await kv.put(
      REGISTRY_KEYS.endpoint(orphanId),
      JSON.stringify({ ...view.endpoint(kept.id), id: orphanId }),
    );
    await pollUntil(() => view.endpoint(orphanId), WITHIN_A_SECOND);

    await registry.restart();

    await pollUntil(
      () =>
        view.endpoint(unpublishedId) &&
        view.endpoint(stale.id)?.url === 'https://example.com/fresh' &&
        view.endpoint(removed.id) === undefined &&
        view.endpoint(lost.id) &&
        view.endpoint(orphanId) === undefined &&
        view.apiKey(hashApiKey(revoked.apiKey)) === undefined,
      { timeoutMs: 2000, what: 'the read model to heal' },
    );
    // Stored in clear (as before encryption at rest): re-encrypted at start, then published.
    const [published] = view.endpoint(unpublishedId)?.secrets ?? [];
    expect(published).toMatch(/^enc:v1:/);
    expect(registry.box.open(published ?? '')).toBe('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const stored = await registry.app
      .get(DataSource)
      .getRepository(EndpointEntity)
      .findOneByOrFail({ id: unpublishedId });
    expect(stored.secret).toBe(published);
    expect(view.tenant(revoked.id)).toEqual({ id: revoked.id, name: 'revoked' });
    expect((await kv.get(REGISTRY_KEYS.endpoint(kept.id)))?.revision).toBe(keptRevision);

    // The restarted registry still serves and publishes.
    const after = await createEndpoint();
    await pollUntil(() => view.endpoint(after.id), WITHIN_A_SECOND);
  });

  it('is ready before the start-up work that reads every row, which completes after', async () => {
    const unpublishedId = randomUUID();
    const endpoints = registry.app.get(DataSource).getRepository(EndpointEntity);
    const table = endpoints.metadata.tablePath;
    await endpoints.insert({
      id: unpublishedId,
      tenantId: tenant.id,
      url: 'https://example.com/late',
      description: null,
      eventTypes: ['*'],
      channels: [],
      enabled: true,
      secret: 'whsec_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
      headers: {},
      timeoutMs: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    // Another session holds the endpoints table: reading it (re-seal, re-sync, sweep) waits.
    const other = new DataSource({ type: 'postgres', url: registry.db.url });
    await other.initialize();
    const lock = other.createQueryRunner();
    try {
      await registry.restart(async () => {
        await lock.startTransaction();
        await lock.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      });
      const ready = await fetch(`${registry.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(view.endpoint(unpublishedId)).toBeUndefined();
      await lock.commitTransaction();
      await pollUntil(() => view.endpoint(unpublishedId)?.secrets[0]?.startsWith('enc:v1:'), {
        timeoutMs: 5_000,
        what: 'the start-up re-seal and re-sync once the table is free',
      });
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
      await other.destroy();
    }
  });
});
