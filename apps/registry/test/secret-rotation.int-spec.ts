import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { RegistryView } from '@herald/registry-view';
import { pollUntil } from '@herald/testing';
import { EndpointEntity } from '../src/entities/endpoint.entity.js';
import { RegistryHarness } from './registry-harness.js';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';

const GRACE_MS = 1500;

interface Secrets {
  secret: string;
  previousSecret: { secret: string; expiresAt: string } | null;
}
interface Rotated {
  secret: string;
  previousSecretExpiresAt: string;
}

/**
 * Secret rotation with a short grace period (and a fast sweep): the old
 * secret stays in the view and in `/secret` until it expires, then the sweep
 * clears it from Postgres and from the view.
 */
describe('registry secret rotation (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let view: RegistryView;
  let acme: { id: string; apiKey: string };
  let globex: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start({
      HERALD_SECRET_ROTATION_GRACE: `${GRACE_MS}ms`,
      HERALD_SECRET_SWEEP_INTERVAL: '100ms',
    });
    watcher = await watchReadModel(registry.namespace);
    view = watcher.view;
    acme = await registry.createTenant('acme');
    globex = await registry.createTenant('globex');
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const create = async () =>
    (
      await registry.request<{ id: string; secret: string }>('POST', '/v1/endpoints', {
        token: acme.apiKey,
        body: { url: 'https://example.com/hooks', eventTypes: ['*'] },
      })
    ).body;
  const rotate = (id: string, token = acme.apiKey) =>
    registry.request<Rotated>('POST', `/v1/endpoints/${id}/secret/rotate`, { token });
  const secrets = async (id: string) =>
    (await registry.request<Secrets>('GET', `/v1/endpoints/${id}/secret`, { token: acme.apiKey }))
      .body;
  const row = (id: string) =>
    registry.app.get(DataSource).getRepository(EndpointEntity).findOneByOrFail({ id });
  /** The read model and Postgres hold secrets encrypted: what they decrypt to. */
  const open = (value: string) => registry.box.open(value);
  const opened = (id: string) => {
    const endpoint = view.endpoint(id);
    return (
      endpoint && {
        secrets: endpoint.secrets.map(open),
        previousSecret: endpoint.previousSecret && {
          ...endpoint.previousSecret,
          secret: open(endpoint.previousSecret.secret),
        },
      }
    );
  };

  it('returns a new secret and keeps the old one, with its expiry, in /secret and in the view', async () => {
    const endpoint = await create();
    const before = Date.now();
    const rotated = await rotate(endpoint.id);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + GRACE_MS - 5);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + GRACE_MS + 5);

    const previousSecret = {
      secret: endpoint.secret,
      expiresAt: rotated.body.previousSecretExpiresAt,
    };
    expect(await secrets(endpoint.id)).toEqual({ secret: rotated.body.secret, previousSecret });
    const published = await pollUntil(
      () => view.endpoint(endpoint.id)?.previousSecret && opened(endpoint.id),
      WITHIN_A_SECOND,
    );
    expect(view.endpoint(endpoint.id)?.secrets[0]).toMatch(/^enc:v1:/);
    expect(view.endpoint(endpoint.id)?.previousSecret?.secret).toMatch(/^enc:v1:/);
    expect(published.secrets).toEqual([rotated.body.secret]);
    expect(published.previousSecret).toEqual(previousSecret);
  });

  it('clears the previous secret once the grace period ends: Postgres, /secret and the view', async () => {
    const endpoint = await create();
    const rotated = await rotate(endpoint.id);
    await pollUntil(() => view.endpoint(endpoint.id)?.previousSecret, WITHIN_A_SECOND);
    const cleared = await pollUntil(
      () => view.endpoint(endpoint.id)?.previousSecret === null && opened(endpoint.id),
      { timeoutMs: GRACE_MS + 2000, what: 'the sweep to clear the previous secret' },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(rotated.body.previousSecretExpiresAt));
    expect(cleared.secrets).toEqual([rotated.body.secret]);
    const stored = await row(endpoint.id);
    expect(stored).toMatchObject({ previousSecret: null, previousSecretExpiresAt: null });
    expect(open(stored.secret)).toBe(rotated.body.secret);
    expect(await secrets(endpoint.id)).toEqual({
      secret: rotated.body.secret,
      previousSecret: null,
    });
  });

  it('replaces the previous secret when rotated again within the grace period', async () => {
    const endpoint = await create();
    const first = await rotate(endpoint.id);
    const second = await rotate(endpoint.id);
    expect(second.status).toBe(200);
    expect(new Set([endpoint.secret, first.body.secret, second.body.secret]).size).toBe(3);
    expect(await secrets(endpoint.id)).toEqual({
      secret: second.body.secret,
      previousSecret: {
        secret: first.body.secret,
        expiresAt: second.body.previousSecretExpiresAt,
      },
    });
    const published = await pollUntil(
      () =>
        opened(endpoint.id)?.previousSecret?.secret === first.body.secret && opened(endpoint.id),
      WITHIN_A_SECOND,
    );
    expect(published.secrets).toEqual([second.body.secret]);
  });

  it('answers 404 for another tenant’s endpoint, an unknown id and a malformed id, and changes nothing', async () => {
    const endpoint = await create();
    expect((await rotate(endpoint.id, globex.apiKey)).status).toBe(404);
    expect((await rotate('6f1d7a7e-0f7c-4c59-9d7e-1b1f0b3c9a11')).status).toBe(404);
    expect((await rotate('not-a-uuid')).status).toBe(404);
    const foreignRead = await registry.request('GET', `/v1/endpoints/${endpoint.id}/secret`, {
      token: globex.apiKey,
    });
    expect(foreignRead.status).toBe(404);
    expect(await secrets(endpoint.id)).toEqual({ secret: endpoint.secret, previousSecret: null });
    expect((await rotate(endpoint.id, 'hrld_wrong')).status).toBe(401);
  });

  it('clears previous secrets that expired while the registry was down, at start-up', async () => {
    const endpoint = await create();
    const rotated = await rotate(endpoint.id);
    await registry.restart(() =>
      pollUntil(() => Date.now() > Date.parse(rotated.body.previousSecretExpiresAt), {
        timeoutMs: GRACE_MS + 1000,
      }),
    );
    // The start-up sweep runs just after the registry is ready.
    await pollUntil(async () => (await row(endpoint.id)).previousSecret === null, WITHIN_A_SECOND);
    expect(await row(endpoint.id)).toMatchObject({
      previousSecret: null,
      previousSecretExpiresAt: null,
    });
    await pollUntil(() => view.endpoint(endpoint.id)?.previousSecret === null, WITHIN_A_SECOND);
  });
});
