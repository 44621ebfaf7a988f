import { beforeAll, describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { alertIdFor } from '../src/alerts/alert-id.js';
import { outcomeFor, sample, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

describe('health-monitor attempt log, metrics and alerts (real NATS + Postgres)', () => {
  const h = harnessForSuite();
  let acme: SeededTenant;

  beforeAll(async () => {
    acme = await h.tenant();
  });

  it('stores an attempt once and counts it once when the same outcome arrives twice', async () => {
    const labels = { outcome: 'success', reason: 'delivered' };
    const before = sample(await h.metrics(), 'herald_delivery_attempts_total', labels);
    const outcome = outcomeFor(acme);
    await h.deliver(outcome);
    // A different Nats-Msg-Id gets past JetStream de-duplication, as a redelivery would.
    await h.deliver(outcome, `${outcome.attemptId}:again`);
    const rows = await h.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attempts WHERE attempt_id = $1',
      [outcome.attemptId],
    );
    expect(rows[0]?.n).toBe(1);
    expect(sample(await h.metrics(), 'herald_delivery_attempts_total', labels)).toBe(before + 1);
  });

  it('stores a long response body compressed with LZ4 (ADR 0110), as the receiver sent it', async () => {
    const responseBody = Array.from(
      { length: 100 },
      (_, i) => `line ${(i * 104729).toString(36)}: field ${i % 7} is ${(i * 37).toString(16)};`,
    ).join(' ');
    expect(responseBody.length).toBeGreaterThan(2_500);
    const outcome = outcomeFor(acme, { responseBody });
    await h.deliver(outcome);
    const [row] = await h.query<{ method: string; body: string }>(
      `SELECT pg_column_compression(response_body) AS method, response_body AS body
       FROM attempts WHERE attempt_id = $1`,
      [outcome.attemptId],
    );
    expect(row).toEqual({ method: 'lz4', body: responseBody });
  });

  it('stores and counts every outcome of a batch message once, also when the batch comes again', async () => {
    const labels = { outcome: 'success', reason: 'delivered' };
    const before = sample(await h.metrics(), 'herald_delivery_attempts_total', labels);
    const outcomes = Array.from({ length: 5 }, () => outcomeFor(acme));
    await h.deliverBatch(outcomes, 'batch:one');
    // A redelivered batch, or one holding outcomes already stored, changes nothing.
    await h.deliverBatch([outcomes[4]!, ...outcomes.slice(0, 2)], 'batch:two');
    const rows = await h.query<{ attempt_id: string }>(
      'SELECT attempt_id FROM attempts WHERE attempt_id = ANY($1)',
      [outcomes.map((o) => o.attemptId)],
    );
    expect(rows.map((r) => r.attempt_id).sort()).toEqual(outcomes.map((o) => o.attemptId).sort());
    expect(sample(await h.metrics(), 'herald_delivery_attempts_total', labels)).toBe(before + 5);
  });

  it('publishes one delivery.exhausted alert for a final failure, before acking it', async () => {
    const alerts = h.nats.ns.stream('alert.v1');
    const retried = outcomeFor(acme, { outcome: 'failure', reason: 'timeout', final: false });
    await h.deliver(retried);
    expect((await h.nats.jsm.streams.info(alerts)).state.messages).toBe(0);

    const exhausted = outcomeFor(acme, {
      attempt: 5,
      outcome: 'failure',
      reason: 'http_status',
      statusCode: 500,
      error: 'HTTP 500',
    });
    await h.deliver(exhausted);
    await h.deliver(exhausted, `${exhausted.attemptId}:again`);
    // Acked means the alert is already durable: no waiting here. JetStream kept one copy.
    expect((await h.nats.jsm.streams.info(alerts)).state.messages).toBe(1);
    const stored = await h.nats.jsm.streams.getMessage(alerts, {
      last_by_subj: h.nats.ns.subject('alert.v1', 'delivery.exhausted'),
    });
    const alertId = alertIdFor('delivery.exhausted', exhausted.messageId, acme.endpointId);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(alertId);
    expect(alertSignalSchema.parse(stored?.json())).toEqual({
      kind: 'delivery.exhausted',
      alertId,
      tenantId: acme.id,
      endpointId: acme.endpointId,
      endpointUrl: exhausted.url,
      messageId: exhausted.messageId,
      eventType: 'invoice.paid',
      attempts: 5,
      statusCode: 500,
      error: 'HTTP 500',
      occurredAt: exhausted.at,
    });
  });

  it('exports metrics that agree with the stored attempt log', async () => {
    const text = await h.metrics();
    const rows = await h.query<{ outcome: string; reason: string; n: number }>(
      'SELECT outcome, reason, count(*)::int AS n FROM attempts GROUP BY outcome, reason',
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      const labels = { outcome: row.outcome, reason: row.reason };
      expect(sample(text, 'herald_delivery_attempts_total', labels)).toBe(row.n);
    }
    for (const outcome of ['success', 'failure']) {
      const stored = rows.filter((r) => r.outcome === outcome).reduce((s, r) => s + r.n, 0);
      expect(sample(text, 'herald_delivery_duration_seconds_count', { outcome })).toBe(stored);
    }
  });
});
