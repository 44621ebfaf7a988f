import { beforeAll, describe, expect, it } from '@jest/globals';
import { hashApiKey } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

interface Rejection {
  source: string;
  code: string;
  eventType: string | null;
  reason: string;
  excerpt: string | null;
}

/**
 * `POST /v1/events` bodies the input edge refuses (before the controller
 * runs) are recorded as rejections of the key's tenant like every other
 * refused event: a NUL in the id, invalid UTF-8, a payload nested 10,000
 * deep. A key that is unknown, or may not publish, records nothing.
 */
describe('refused event bodies are recorded (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite();
  let tenantId: string;
  let apiKey: string;

  beforeAll(async () => {
    ({ tenantId, apiKey } = await h.seed.tenant());
    await pollUntil(() => h.view.apiKey(hashApiKey(apiKey)), { what: 'the key in the read model' });
  });

  const post = async (body: string | Uint8Array, key = apiKey) => {
    const response = await fetch(`${h.base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      code: (JSON.parse(text) as { error: { code: string } }).error.code,
    };
  };

  const rejections = async (): Promise<Rejection[]> => {
    const response = await h.request('GET', '/v1/rejections?limit=100', apiKey);
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: Rejection[] }).data;
  };

  it('answers a NUL id with 400 invalid_text and lists it in GET /v1/rejections', async () => {
    const refused = await post(JSON.stringify({ type: 'order.paid', id: 'a\u0000b', payload: {} }));
    expect(refused).toEqual({ status: 400, code: 'invalid_text' });
    // Recorded before the answer: listed at once.
    const listed = (await rejections()).filter((r) => r.code === 'invalid_text');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ source: 'http', eventType: 'order.paid' });
    expect(listed[0]!.excerpt).toContain('\\u0000');
    const rows = await h.sql.query<{ tenant_id: string }>(
      "SELECT tenant_id FROM ingest.rejections WHERE code = 'invalid_text'",
    );
    expect(rows.rows.map((r) => r.tenant_id)).toEqual([tenantId]);
  });

  it('records what the body parser refuses: invalid UTF-8 and a payload nested 10,000 deep', async () => {
    const utf8 = await post(
      new Uint8Array([...Buffer.from('{"type":"order.paid","payload":"'), 0xc3, 0x28, 0x22, 0x7d]),
    );
    expect(utf8).toEqual({ status: 400, code: 'invalid_utf8' });
    const deep = await post(
      `{"type":"order.paid","payload":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    );
    expect(deep).toEqual({ status: 400, code: 'json_too_deep' });
    const codes = (await rejections()).map((r) => r.code);
    expect(codes).toContain('invalid_utf8');
    expect(codes).toContain('json_too_deep');
    const utf8Row = (await rejections()).find((r) => r.code === 'invalid_utf8');
    expect(utf8Row?.excerpt).toContain('\\xC3');
  });

  it('records nothing for a key that is unknown or may not publish; the answer is unchanged', async () => {
    const before = (await rejections()).length;
    const viewer = await h.apiKey(tenantId, 'viewer');
    const nul = JSON.stringify({ type: 'order.paid', id: 'x\u0000', payload: {} });
    expect(await post(nul, viewer)).toEqual({ status: 403, code: 'forbidden' });
    const deep = `{"type":"order.paid","payload":${'['.repeat(500)}${']'.repeat(500)}}`;
    expect(await post(deep, viewer)).toEqual({ status: 400, code: 'json_too_deep' });
    expect(await post(deep, 'hrld_unknown')).toEqual({ status: 400, code: 'json_too_deep' });
    expect((await rejections()).length).toBe(before);
  });
});
