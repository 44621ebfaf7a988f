import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AttemptOutcome } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import type { HealthView } from '../src/health/health-view.js';
import { outcomeFor, reportFor, seedApiKey, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

const MINUTE = 60_000;

/**
 * `GET /v1/endpoints/:id/health` on real NATS and Postgres: a known sequence
 * of attempts and a rejection report in, every figure checked, the same
 * figures after a restart (rebuilt from the log), a slow-threshold change,
 * and tenant isolation.
 */
describe('GET /v1/endpoints/:id/health (real NATS + Postgres)', () => {
  const h = harnessForSuite();
  let acme: SeededTenant;
  let sequence: AttemptOutcome[];
  const now = Date.now();
  const ago = (minutes: number, seconds = 0) => new Date(now - minutes * MINUTE - seconds * 1_000);

  const health = async (tenant: SeededTenant = acme) => {
    const response = await h.send(
      'GET',
      `/v1/endpoints/${tenant.endpointId}/health`,
      tenant.apiKey,
    );
    expect(response.status).toBe(200);
    return response.body as HealthView;
  };
  /** What the histogram must hold: per minute, from the sequence itself. */
  const expectedBuckets = (slowMs: number) => {
    const buckets = new Map<number, Record<string, number>>();
    const bucket = (at: number) => {
      const start = Math.floor(at / MINUTE) * MINUTE;
      const found = buckets.get(start) ?? { successful: 0, slow: 0, error: 0, rejected: 0 };
      buckets.set(start, found);
      return found;
    };
    for (const a of sequence) {
      const kind = a.outcome === 'failure' ? 'error' : a.latencyMs > slowMs ? 'slow' : 'successful';
      bucket(Date.parse(a.at))[kind]! += 1;
    }
    bucket(ago(1).getTime()).rejected! += 3;
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, counts]) => ({ start: new Date(start).toISOString(), ...counts }));
  };

  beforeAll(async () => {
    acme = await h.tenant();
    const failure = (at: Date, overrides: Partial<AttemptOutcome>) =>
      outcomeFor(acme, {
        outcome: 'failure',
        reason: 'http_status',
        final: false,
        at: at.toISOString(),
        ...overrides,
      });
    sequence = [
      outcomeFor(acme, { latencyMs: 100, at: ago(50).toISOString() }),
      outcomeFor(acme, { latencyMs: 2_500, at: ago(49, 30).toISOString() }),
      failure(ago(20), { statusCode: 503, error: 'HTTP 503', latencyMs: 40, responseBody: 'busy' }),
      outcomeFor(acme, { latencyMs: 300, at: ago(10).toISOString() }),
      failure(ago(2), {
        reason: 'timeout',
        statusCode: null,
        error: 'timed out after 15000 ms',
        latencyMs: 15_000,
        responseBody: null,
      }),
    ];
    for (const outcome of sequence) await h.deliver(outcome);
    await h.report(reportFor(acme, ago(1), { breaker_open: 2, endpoint_paused: 1 }));
  });

  const checkFigures = async () => {
    const view = await health();
    expect(view).toMatchObject({
      endpointId: acme.endpointId,
      state: 'degraded',
      reason: '100% of 1 attempts failed in the last 5 min',
      pausedUntil: null,
      disabled: null,
      breaker: 'closed',
      consecutiveFailures: 1,
      failingSince: sequence[4]!.at,
      disableAt: new Date(Date.parse(sequence[4]!.at) + 5 * 86_400_000).toISOString(),
      lastAttemptAt: sequence[4]!.at,
      settings: { slowThresholdMs: null },
    });
    expect(view.histogram).toMatchObject({
      bucketSeconds: 60,
      slowThresholdMs: 2_000,
      totals: { successful: 2, slow: 1, error: 2, rejected: 3 },
      buckets: expectedBuckets(2_000),
    });
    // HTTP answers of the last 30 minutes: 40 ms (503) and 300 ms; the timeout has no response time.
    expect(view.responseTimes).toEqual({
      windowSeconds: 1_800,
      responses: 2,
      fastestMs: 40,
      averageMs: 170,
      slowestMs: 300,
    });
    expect(view.latestErrors).toEqual([
      expect.objectContaining({
        attemptId: sequence[4]!.attemptId,
        statusCode: null,
        reason: 'timeout',
        latencyMs: 15_000,
        responseBody: null,
      }),
      expect.objectContaining({
        attemptId: sequence[2]!.attemptId,
        statusCode: 503,
        reason: 'http_status',
        error: 'HTTP 503',
        latencyMs: 40,
        responseBody: 'busy',
      }),
    ]);
  };

  it('serves the histogram, response times, latest errors and state of an endpoint', async () => {
    await checkFigures();
  });

  it('serves the same figures after a restart, rebuilt from the attempt log', async () => {
    await h.restart();
    await h.tenant();
    await checkFigures();
  });

  it('splits successful and slow by the endpoint’s own threshold, for the whole 24 h', async () => {
    const path = `/v1/endpoints/${acme.endpointId}/health/settings`;
    const set = await h.send('PUT', path, acme.apiKey, { slowThresholdMs: 200 });
    expect(set).toEqual({ status: 200, body: { slowThresholdMs: 200 } });
    let view = await health();
    expect(view.settings).toEqual({ slowThresholdMs: 200 });
    expect(view.histogram.totals).toEqual({ successful: 1, slow: 2, error: 2, rejected: 3 });
    expect(view.histogram.buckets).toEqual(expectedBuckets(200));
    // New attempts are classified with it too.
    await h.deliver(outcomeFor(acme, { latencyMs: 250 }));
    view = await health();
    expect(view.histogram.totals.slow).toBe(3);
    expect(view).toMatchObject({ consecutiveFailures: 0, failingSince: null });

    expect((await h.send('PUT', path, acme.apiKey, { slowThresholdMs: null })).status).toBe(200);
    expect((await health()).histogram.totals).toMatchObject({ successful: 3, slow: 1 });
  });

  it('refuses settings from a viewer key and invalid settings', async () => {
    const path = `/v1/endpoints/${acme.endpointId}/health/settings`;
    const viewer = await seedApiKey(h.nats, acme.id, 'viewer');
    await pollUntil(
      async () =>
        (await h.send('GET', `/v1/endpoints/${acme.endpointId}/health`, viewer)).status === 200,
    );
    expect((await h.send('PUT', path, viewer, { slowThresholdMs: 100 })).status).toBe(403);
    for (const body of [{ slowThresholdMs: 0 }, { slowThresholdMs: 'fast' }, { other: 1 }, {}]) {
      const refused = await h.send('PUT', path, acme.apiKey, body);
      expect(refused.status).toBe(400);
    }
  });

  it("answers 404 for another tenant's endpoint and 401 without a key", async () => {
    const globex = await h.tenant();
    const foreign = await h.send('GET', `/v1/endpoints/${acme.endpointId}/health`, globex.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({
      error: { code: 'not_found', message: expect.any(String), details: [] },
    });
    expect((await h.get(`/v1/endpoints/${acme.endpointId}/health`)).status).toBe(401);
    const put = await h.send(
      'PUT',
      `/v1/endpoints/${acme.endpointId}/health/settings`,
      globex.apiKey,
      { slowThresholdMs: 5 },
    );
    expect(put.status).toBe(404);
  });

  it('shows a fresh endpoint as healthy with empty figures', async () => {
    const fresh = await h.tenant();
    const view = await health(fresh);
    expect(view).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
      histogram: { totals: { successful: 0, slow: 0, error: 0, rejected: 0 }, buckets: [] },
      responseTimes: { responses: 0, fastestMs: null, averageMs: null, slowestMs: null },
      latestErrors: [],
    });
  });
});
