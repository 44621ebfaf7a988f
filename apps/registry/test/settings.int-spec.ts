import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';
import { ADMIN_TOKEN, RegistryHarness, type ErrorBody } from './registry-harness.js';

type Endpoint = { id: string };

/** Tenant settings and the rules they put on endpoints (HTTPS only, URL length, one endpoint per channel). */
describe('registry tenant settings (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;

  beforeAll(async () => {
    registry = await RegistryHarness.start({ HERALD_MAX_URL_LENGTH: '4096' });
    watcher = await watchReadModel(registry.namespace);
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const settings = (token: string, body?: unknown) =>
    registry.request<Record<string, unknown> & ErrorBody>(
      body === undefined ? 'GET' : 'PATCH',
      '/v1/settings',
      { token, ...(body === undefined ? {} : { body }) },
    );
  const endpoint = (token: string, body: Record<string, unknown>) =>
    registry.request<Endpoint & ErrorBody>('POST', '/v1/endpoints', {
      token,
      body: { url: 'https://example.com/h', eventTypes: ['*'], ...body },
    });

  it('starts from the defaults and changes only what a PATCH names', async () => {
    const { apiKey } = await registry.createTenant('defaults');
    expect((await settings(apiKey)).body).toEqual({
      httpsOnly: false,
      maxUrlLength: 2048,
      uniqueChannelEndpoint: false,
      retrySchedule: null,
    });
    const patched = await settings(apiKey, { maxUrlLength: 256, retrySchedule: ['5s', '90s'] });
    expect(patched.body).toEqual({
      httpsOnly: false,
      maxUrlLength: 256,
      uniqueChannelEndpoint: false,
      retrySchedule: ['5s', '90s'],
    });
  });

  it('refuses invalid settings with 400 naming the field', async () => {
    const { apiKey } = await registry.createTenant('invalid');
    for (const [body, field] of [
      [{ maxUrlLength: 31 }, 'maxUrlLength'],
      [{ maxUrlLength: 5000 }, 'maxUrlLength'],
      [{ httpsOnly: 'yes' }, 'httpsOnly'],
      [{ retrySchedule: ['soon'] }, 'retrySchedule.0'],
      [{ other: true }, 'other'],
    ] as const) {
      const response = await settings(apiKey, body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d) => d.field)).toContain(field);
    }
  });

  it('httpsOnly refuses http:// URLs on create and patch', async () => {
    const { apiKey } = await registry.createTenant('https');
    await settings(apiKey, { httpsOnly: true });
    const refused = await endpoint(apiKey, { url: 'http://example.com/h' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'url', reason: 'must be https:// (tenant setting httpsOnly)' },
    ]);
    const created = await endpoint(apiKey, {});
    expect(created.status).toBe(201);
    const patched = await registry.request<ErrorBody>('PATCH', `/v1/endpoints/${created.body.id}`, {
      token: apiKey,
      body: { url: 'http://example.com/h' },
    });
    expect(patched.status).toBe(400);
  });

  it('maxUrlLength limits URLs (the contact-centre suite uses 256)', async () => {
    const { apiKey } = await registry.createTenant('short');
    await settings(apiKey, { maxUrlLength: 256 });
    const long = `https://example.com/${'a'.repeat(240)}`;
    const refused = await endpoint(apiKey, { url: long });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]?.reason).toContain('at most 256');
    expect((await endpoint(apiKey, { url: long.slice(0, 256) })).status).toBe(201);
  });

  it('uniqueChannelEndpoint: every endpoint names channels, one endpoint per channel', async () => {
    const { apiKey } = await registry.createTenant('channels');
    await settings(apiKey, { uniqueChannelEndpoint: true });
    const noChannel = await endpoint(apiKey, {});
    expect(noChannel.status).toBe(400);
    expect(noChannel.body.error.details[0]?.field).toBe('channels');
    const web = await endpoint(apiKey, { channels: ['web'] });
    expect(web.status).toBe(201);
    const taken = await endpoint(apiKey, { channels: ['sms', 'web'] });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'channel_taken' });
    expect(taken.body.error.details[0]?.reason).toBe(
      `channel "web" already has endpoint ${web.body.id}`,
    );
    const sms = await endpoint(apiKey, { channels: ['sms'] });
    const moved = await registry.request('PATCH', `/v1/endpoints/${sms.body.id}`, {
      token: apiKey,
      body: { channels: ['web'] },
    });
    expect(moved.status).toBe(409);
    // The endpoint keeps its own channel when patched.
    const same = await registry.request('PATCH', `/v1/endpoints/${web.body.id}`, {
      token: apiKey,
      body: { channels: ['web', 'telegram'] },
    });
    expect(same.status).toBe(200);
  });

  it('serialises concurrent writes so two endpoints never take one channel', async () => {
    const { apiKey } = await registry.createTenant('race');
    await settings(apiKey, { uniqueChannelEndpoint: true });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => endpoint(apiKey, { channels: ['whatsapp'] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('refuses settings that existing endpoints break, naming them (409)', async () => {
    const { apiKey } = await registry.createTenant('conflicts');
    const plain = await endpoint(apiKey, {
      url: `http://example.com/${'a'.repeat(20)}`,
      channels: ['web'],
    });
    const twin = await endpoint(apiKey, { channels: ['web'] });
    for (const [body, field] of [
      [{ httpsOnly: true }, `endpoints.${plain.body.id}.url`],
      [{ maxUrlLength: 32 }, `endpoints.${plain.body.id}.url`],
      [{ uniqueChannelEndpoint: true }, `endpoints.${plain.body.id}.channels`],
    ] as const) {
      const response = await settings(apiKey, body);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('settings_conflict');
      expect(response.body.error.details.map((d) => d.field)).toContain(field);
    }
    expect((await settings(apiKey)).body).toMatchObject({ httpsOnly: false, maxUrlLength: 2048 });
    expect(twin.status).toBe(201);
  });

  it('gives endpoints without their own schedule the tenant’s default retry schedule', async () => {
    const { apiKey } = await registry.createTenant('retries');
    const inherits = await endpoint(apiKey, {});
    const own = await endpoint(apiKey, { retrySchedule: ['1m'] });
    await settings(apiKey, { retrySchedule: ['10s', '20s'] });
    await pollUntil(
      () => watcher.view.endpoint(inherits.body.id)?.retryScheduleMs?.length === 2,
      WITHIN_A_SECOND,
    );
    expect(watcher.view.endpoint(inherits.body.id)?.retryScheduleMs).toEqual([10_000, 20_000]);
    expect(watcher.view.endpoint(own.body.id)?.retryScheduleMs).toEqual([60_000]);
    const later = await endpoint(apiKey, {});
    await pollUntil(() => watcher.view.endpoint(later.body.id), WITHIN_A_SECOND);
    expect(watcher.view.endpoint(later.body.id)?.retryScheduleMs).toEqual([10_000, 20_000]);
    await settings(apiKey, { retrySchedule: null });
    await pollUntil(
      () => watcher.view.endpoint(inherits.body.id)?.retryScheduleMs === null,
      WITHIN_A_SECOND,
    );
  });

  it('lets the platform admin create a tenant with settings and change them', async () => {
    const created = await registry.request<{ id: string; settings: Record<string, unknown> }>(
      'POST',
      '/v1/tenants',
      { token: ADMIN_TOKEN, body: { name: 'preset', settings: { httpsOnly: true } } },
    );
    expect(created.status).toBe(201);
    expect(created.body.settings).toMatchObject({ httpsOnly: true });
    const patched = await registry.request<{ name: string; settings: Record<string, unknown> }>(
      'PATCH',
      `/v1/tenants/${created.body.id}`,
      { token: ADMIN_TOKEN, body: { name: 'renamed', settings: { maxUrlLength: 300 } } },
    );
    expect(patched.body).toMatchObject({
      name: 'renamed',
      settings: { httpsOnly: true, maxUrlLength: 300 },
    });
    const bad = await registry.request('PATCH', `/v1/tenants/${created.body.id}`, {
      token: ADMIN_TOKEN,
      body: { settings: { maxUrlLength: 1 } },
    });
    expect(bad.status).toBe(400);
    const missing = await registry.request(
      'PATCH',
      '/v1/tenants/00000000-0000-4000-8000-000000000000',
      { token: ADMIN_TOKEN, body: { name: 'x' } },
    );
    expect(missing.status).toBe(404);
  });
});
