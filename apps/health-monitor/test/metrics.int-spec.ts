import { describe, expect, it } from '@jest/globals';
import { partitionOf } from '@herald/contracts';
import { pollUntil, promtoolCheckMetrics } from '@herald/testing';
import { AttemptRetention } from '../src/attempts/attempt-retention.js';
import { outcomeFor, sample, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

/**
 * The health-monitor's /metrics on real NATS and Postgres: per-endpoint
 * series under the cap, breaker states heard on core NATS, JetStream lag,
 * the batched log and its retention — and the whole output passes
 * `promtool check metrics` (Debian package `prometheus`; CI installs it).
 */
describe('health-monitor metrics (real NATS + Postgres)', () => {
  const h = harnessForSuite({
    HERALD_METRICS_ENDPOINT_LIMIT: '2',
    HERALD_ATTEMPT_RETENTION: '1d',
  });

  const failTimes = async (tenant: SeededTenant, n: number) => {
    for (let i = 0; i < n; i++) {
      await h.deliver(outcomeFor(tenant, { outcome: 'failure', reason: 'timeout', final: false }));
    }
  };
  const series = (text: string, name: string) =>
    text.split('\n').filter((line) => line.startsWith(`${name}{`));

  it('exports failing endpoints one series each, at most the cap, and counts the rest', async () => {
    const endpoints = [await h.tenant(), await h.tenant(), await h.tenant()];
    await failTimes(endpoints[0]!, 7);
    await failTimes(endpoints[1]!, 6);
    await failTimes(endpoints[2]!, 5);
    const healthy = await h.tenant();
    await h.deliver(outcomeFor(healthy));
    const text = await h.metrics();
    expect(series(text, 'herald_endpoint_state').sort()).toEqual(
      [0, 1]
        .map(
          (i) =>
            `herald_endpoint_state{endpoint="${endpoints[i]!.endpointId}",state="failing",service="health-monitor",herald_namespace="${h.namespace}"} 1`,
        )
        .sort(),
    );
    expect(
      sample(text, 'herald_endpoint_series_omitted', { metric: 'herald_endpoint_state' }),
    ).toBe(1);
    expect(sample(text, 'herald_endpoints', { state: 'failing' })).toBe(3);
    expect(sample(text, 'herald_endpoints', { state: 'healthy' })).toBe(1);
  });

  it('exports the worst breaker state across replicas, heard on core NATS', async () => {
    const acme = await h.tenant();
    const announce = (replica: string, state: string) =>
      h.nats.connection.publish(
        `${h.nats.ns.name}.breaker.v1.${acme.endpointId}`,
        JSON.stringify({
          endpointId: acme.endpointId,
          tenantId: acme.id,
          state,
          replica,
          at: new Date().toISOString(),
        }),
      );
    const value = async () =>
      series(await h.metrics(), 'herald_endpoint_breaker_state').find((l) =>
        l.includes(acme.endpointId),
      );
    announce('a', 'half_open');
    announce('b', 'open');
    const line = await pollUntil(async () => (await value())?.endsWith(' 2') && (await value()), {
      what: 'the open breaker in /metrics',
    });
    expect(line).toContain(`endpoint="${acme.endpointId}"`);
    announce('b', 'closed');
    await pollUntil(async () => (await value())?.endsWith(' 1'), { what: 'half-open' });
    announce('a', 'closed');
    await pollUntil(async () => (await value()) === undefined, { what: 'no breaker series' });
  });

  it('exports JetStream lag and the age of the oldest pending message per stream', async () => {
    const acme = await h.tenant();
    await h.deliver(
      outcomeFor(acme, { outcome: 'failure', reason: 'timeout', attempt: 8, final: true }),
    );
    const alerts = h.nats.ns.stream('alert.v1');
    const attempts = h.nats.ns.stream('attempt.v1');
    // Nothing consumes alerts in this test: they pile up, and their age shows.
    const stored = (await h.nats.jsm.streams.info(alerts)).state.messages;
    expect(stored).toBeGreaterThan(0);
    // Scrapes share one JetStream read per second: wait for one made after the alert.
    const text = await pollUntil(async () => {
      const scraped = await h.metrics();
      return (
        sample(scraped, 'herald_jetstream_stream_messages', { stream: alerts }) === stored &&
        scraped
      );
    });
    expect(sample(text, 'herald_jetstream_up', {})).toBe(1);
    expect(
      sample(text, 'herald_jetstream_oldest_pending_age_seconds', { stream: alerts }),
    ).toBeGreaterThan(0);
    // The attempt consumer of the endpoint's partition keeps up: no lag, nothing left in its stream.
    const name = h.nats.ns.partitionConsumer(
      'attempt.v1',
      'health-monitor',
      partitionOf(acme.endpointId),
    );
    const consumer = { stream: attempts, consumer: name };
    expect(text).toMatch(
      new RegExp(
        `^herald_jetstream_consumer_pending_messages\\{stream="${attempts}",consumer="${name}"[^}]*\\} 0$`,
        'm',
      ),
    );
    expect(sample(text, 'herald_jetstream_consumer_ack_pending_messages', consumer)).toBe(0);
    expect(sample(text, 'herald_jetstream_oldest_pending_age_seconds', { stream: attempts })).toBe(
      0,
    );
  });

  it('writes outcomes that arrive together in batches, each stored once', async () => {
    const acme = await h.tenant();
    const before = sample(await h.metrics(), 'herald_attempt_log_batch_size_count', {});
    const outcomes = Array.from({ length: 40 }, () => outcomeFor(acme));
    await Promise.all(outcomes.map((o) => h.deliver(o)));
    const [row] = await h.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attempts WHERE endpoint_id = $1',
      [acme.endpointId],
    );
    expect(row?.n).toBe(40);
    const batches = sample(await h.metrics(), 'herald_attempt_log_batch_size_count', {}) - before;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(40);
  });

  it('prunes attempts older than the retention in the background, and keeps the rest', async () => {
    const acme = await h.tenant();
    const old = outcomeFor(acme, { at: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    const recent = outcomeFor(acme);
    await h.deliver(old);
    await h.deliver(recent);
    const deleted = await h.app.get(AttemptRetention).prune();
    expect(deleted).toBe(1);
    const rows = await h.query<{ attempt_id: string }>(
      'SELECT attempt_id FROM attempts WHERE endpoint_id = $1',
      [acme.endpointId],
    );
    expect(rows.map((r) => r.attempt_id)).toEqual([recent.attemptId]);
    expect(
      sample(await h.metrics(), 'herald_attempt_log_pruned_rows_total', { table: 'attempts' }),
    ).toBe(1);
  });

  it('passes promtool check metrics', async () => {
    expect(promtoolCheckMetrics(await h.metrics())).toBe('');
  });
});
