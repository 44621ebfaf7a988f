import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { orderLike, pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

/**
 * ADR 0110 through the running service: a 10 KB event posted to ingest is
 * stored with its payload compressed by LZ4, and stored exactly as sent.
 */
describe('large payloads are stored with LZ4 (real NATS + Postgres)', () => {
  let h: IngestHarness;
  let tenant: { tenantId: string; apiKey: string };

  beforeAll(async () => {
    h = await IngestHarness.start();
    tenant = await h.seed.tenant();
    await h.endpoints(tenant.tenantId, { url: 'https://a.example', eventTypes: ['*'] });
  });

  afterAll(async () => {
    await h.close();
  });

  it('compresses a stored 10 KB payload with LZ4 and keeps its bytes', async () => {
    const payload = orderLike(120);
    const response = await fetch(`${h.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ type: 'message.created', id: 'evt-large', payload }),
    });
    expect(`${response.status} ${await response.clone().text()}`).toMatch(/^202 /);
    const { id } = (await response.json()) as { id: string };
    const row = await pollUntil(
      async () =>
        (
          await h.sql.query<{ payload: string; method: string | null; stored: number }>(
            `SELECT payload, pg_column_compression(payload) AS method,
                    pg_column_size(payload) AS stored
             FROM ingest.messages WHERE id = $1`,
            [id],
          )
        ).rows[0],
      { what: 'the stored message' },
    );
    expect(row.payload).toBe(JSON.stringify(payload));
    expect(row.payload.length).toBeGreaterThan(8_000);
    expect(row.method).toBe('lz4');
    expect(row.stored).toBeLessThan(row.payload.length * 0.8);
  });
});
