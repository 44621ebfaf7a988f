import { describe, expect, it } from '@jest/globals';
import { useRegistryAndReadModel } from './registry-harness.js';
import { viewOnceCurrent } from './read-model-watcher.js';

type Endpoint = Record<string, unknown> & { id: string; updatedAt: string };

/**
 * Per-endpoint delivery settings (`concurrency`, `rateLimit`, `retrySchedule`)
 * through the REST API and into the KV view the dispatcher reads.
 */
describe('registry endpoint delivery settings (real NATS + Postgres)', () => {
  const t = useRegistryAndReadModel();

  const create = async (body: Record<string, unknown>) => {
    const response = await t.registry.request<Endpoint>('POST', '/v1/endpoints', {
      token: t.apiKey,
      body: { url: 'https://example.com/hooks', eventTypes: ['*'], ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const patch = async (id: string, body: Record<string, unknown>) => {
    const response = await t.registry.request<Endpoint>('PATCH', `/v1/endpoints/${id}`, {
      token: t.apiKey,
      body,
    });
    expect(response.status).toBe(200);
    return response.body;
  };
  const get = async (id: string) =>
    (await t.registry.request<Endpoint>('GET', `/v1/endpoints/${id}`, { token: t.apiKey })).body;
  /** The view once it reflects the row as of `updatedAt`. */
  const viewAt = (endpoint: { id: string; updatedAt: string }) => viewOnceCurrent(t.view, endpoint);

  it('defaults every setting to null, in the response and in the view', async () => {
    const created = await create({});
    expect(created).toMatchObject({ concurrency: null, rateLimit: null, retrySchedule: null });
    expect(await viewAt(created)).toMatchObject({
      concurrency: null,
      rateLimitPerSecond: null,
      retryScheduleMs: null,
    });
  });

  it('keeps the settings given on create, shows the schedule in normal form, and publishes milliseconds', async () => {
    const created = await create({
      concurrency: 4,
      rateLimit: 2.5,
      retrySchedule: ['250ms', '5s', '1.5m', '90s', '120m', '1d', '0s', '7d'],
    });
    const shown = {
      concurrency: 4,
      rateLimit: 2.5,
      retrySchedule: ['250ms', '5s', '90s', '90s', '2h', '1d', '0s', '7d'],
    };
    expect(created).toMatchObject(shown);
    expect(await get(created.id)).toMatchObject(shown);
    expect(await viewAt(created)).toMatchObject({
      concurrency: 4,
      rateLimitPerSecond: 2.5,
      retryScheduleMs: [250, 5_000, 90_000, 90_000, 7_200_000, 86_400_000, 0, 604_800_000],
    });
  });

  it('accepts the limits of each setting', async () => {
    const low = await create({ concurrency: 1, rateLimit: 0.1, retrySchedule: [] });
    expect(low).toMatchObject({ concurrency: 1, rateLimit: 0.1, retrySchedule: [] });
    expect(await viewAt(low)).toMatchObject({ rateLimitPerSecond: 0.1, retryScheduleMs: [] });
    const high = await create({
      concurrency: 100,
      rateLimit: 10_000,
      retrySchedule: Array.from({ length: 20 }, () => '168h'),
    });
    expect(high).toMatchObject({
      concurrency: 100,
      rateLimit: 10_000,
      retrySchedule: Array.from({ length: 20 }, () => '7d'),
    });
  });

  it('changes each setting with PATCH and leaves the others alone', async () => {
    const created = await create({ concurrency: 4, rateLimit: 2.5, retrySchedule: ['5s'] });
    const first = await patch(created.id, { concurrency: 7 });
    expect(first).toMatchObject({ concurrency: 7, rateLimit: 2.5, retrySchedule: ['5s'] });
    const second = await patch(created.id, { rateLimit: 50, retrySchedule: ['10s', '10m'] });
    expect(second).toMatchObject({ concurrency: 7, rateLimit: 50, retrySchedule: ['10s', '10m'] });
    expect(await get(created.id)).toEqual(second);
    expect(await viewAt(second)).toMatchObject({
      concurrency: 7,
      rateLimitPerSecond: 50,
      retryScheduleMs: [10_000, 600_000],
    });
  });

  it('resets each setting to the default with null', async () => {
    const created = await create({ concurrency: 4, rateLimit: 2.5, retrySchedule: ['5s'] });
    const reset = await patch(created.id, {
      concurrency: null,
      rateLimit: null,
      retrySchedule: null,
    });
    expect(reset).toMatchObject({ concurrency: null, rateLimit: null, retrySchedule: null });
    expect(await get(created.id)).toEqual(reset);
    expect(await viewAt(reset)).toMatchObject({
      concurrency: null,
      rateLimitPerSecond: null,
      retryScheduleMs: null,
    });
  });

  it('refuses an invalid setting in a PATCH and keeps the stored one', async () => {
    const created = await create({ concurrency: 4, retrySchedule: ['5s'] });
    const refused = await t.registry.request('PATCH', `/v1/endpoints/${created.id}`, {
      token: t.apiKey,
      body: { concurrency: 3, retrySchedule: ['5s', '8d'] },
    });
    expect(refused.status).toBe(400);
    expect(await get(created.id)).toMatchObject({ concurrency: 4, retrySchedule: ['5s'] });
  });
});
