import { beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MessageLedger, type NewMessage } from '../src/events/message-ledger.js';
import { IngestHarness } from './harness.js';

/**
 * The fan-out's group-committed writes on real Postgres: many concurrent
 * messages share statements, duplicates inside one batch are stored once and
 * reported new to one caller only, and fan-out marks land on the right rows.
 */
describe('MessageLedger (real Postgres)', () => {
  const h = IngestHarness.forSuite();
  let ledger: MessageLedger;

  beforeAll(() => {
    ledger = new MessageLedger(h.app.get(DataSource));
  });

  const message = (id: string): NewMessage => ({
    id,
    tenantId: 'ten_ledger',
    idempotencyKey: id,
    eventType: 'message_created',
    version: 1,
    channel: id.endsWith('0') ? 'sales' : null,
    payload: `{"n": "${id}"}`,
    body: null,
    createdAt: new Date(),
  });

  it('stores concurrent messages once each, telling exactly one caller per new id', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `msg_ledger_${i % 200}`);
    const results = await Promise.all(ids.map((id) => ledger.insert(message(id))));
    const newIds = ids.filter((_, i) => results[i]);
    expect(newIds).toHaveLength(200);
    expect(new Set(newIds).size).toBe(200);
    const { rows } = await h.sql.query<{ n: string }>(
      "SELECT count(*) AS n FROM ingest.messages WHERE tenant_id = 'ten_ledger'",
    );
    expect(Number(rows[0]!.n)).toBe(200);
    expect(await ledger.insert(message('msg_ledger_7'))).toBe(false);
    const stored = await h.sql.query<{ payload: string; channel: string | null }>(
      "SELECT payload, channel FROM ingest.messages WHERE id = 'msg_ledger_10'",
    );
    expect(stored.rows[0]).toEqual({ payload: '{"n": "msg_ledger_10"}', channel: 'sales' });
  });

  it('stores every field as given, awkward text and times included', async () => {
    const createdAt = new Date('2026-12-03T23:45:06.789Z');
    const awkward: NewMessage = {
      id: 'msg_ledger_awkward',
      tenantId: 'ten_ledger',
      idempotencyKey: 'key "quoted", {braced}, back\\slash',
      eventType: 'order.paid',
      version: 3,
      channel: 'eu,west',
      payload: '{"s": "tab\\t, quote \\" and \\u00e9", "raw": "é ✓ 😀 NULL {a,b}"}',
      body: '{"data": {"s": "x"}, "type": "order.paid"}',
      createdAt,
    };
    expect(await ledger.insert(awkward)).toBe(true);
    const { rows } = await h.sql.query(
      `SELECT tenant_id, idempotency_key, event_type, event_version, channel, payload, body,
         created_at FROM ingest.messages WHERE id = 'msg_ledger_awkward'`,
    );
    expect(rows[0]).toEqual({
      tenant_id: awkward.tenantId,
      idempotency_key: awkward.idempotencyKey,
      event_type: awkward.eventType,
      event_version: 3,
      channel: awkward.channel,
      payload: awkward.payload,
      body: awkward.body,
      created_at: createdAt,
    });
  });

  it('marks each message fanned out with its own endpoints', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ledger.markFannedOut(`msg_ledger_${i}`, i % 2 ? ['ep_a', 'ep_b'] : []),
      ),
    );
    const { rows } = await h.sql.query<{ id: string; endpoint_ids: string[]; done: boolean }>(
      `SELECT m.id, f.endpoint_ids, f.message_id IS NOT NULL AS done
       FROM ingest.messages m LEFT JOIN ingest.fan_outs f ON f.message_id = m.id
       WHERE m.id IN ('msg_ledger_1', 'msg_ledger_2', 'msg_ledger_60')`,
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.msg_ledger_1).toMatchObject({ endpoint_ids: ['ep_a', 'ep_b'], done: true });
    expect(byId.msg_ledger_2).toMatchObject({ endpoint_ids: [], done: true });
    expect(byId.msg_ledger_60).toMatchObject({ endpoint_ids: null, done: false });
  });

  it('keeps the first mark when a fan-out is marked again', async () => {
    await ledger.markFannedOut('msg_ledger_151', ['ep_a', 'ep_b']);
    await ledger.markFannedOut('msg_ledger_151', ['ep_c']);
    const { rows } = await h.sql.query<{ endpoint_ids: string[] }>(
      "SELECT endpoint_ids FROM ingest.fan_outs WHERE message_id = 'msg_ledger_151'",
    );
    expect(rows).toEqual([{ endpoint_ids: ['ep_a', 'ep_b'] }]);
  });

  it('writes the marks and the messages that wait together in one statement and one commit', async () => {
    await ledger.insert(message('msg_ledger_shared_a'));
    // Submitted in one turn: the next write takes both.
    const [, storedB] = await Promise.all([
      ledger.markFannedOut('msg_ledger_shared_a', ['ep_a']),
      ledger.insert(message('msg_ledger_shared_b')),
    ]);
    expect(storedB).toBe(true);
    const { rows } = await h.sql.query<{ mark: string; message: string }>(
      `SELECT (SELECT xmin::text FROM ingest.fan_outs WHERE message_id = 'msg_ledger_shared_a') AS mark,
         (SELECT xmin::text FROM ingest.messages WHERE id = 'msg_ledger_shared_b') AS message`,
    );
    expect(rows[0]!.mark).toEqual(expect.any(String));
    expect(rows[0]!.mark).toBe(rows[0]!.message);
  });

  it('a batch of marks alone stores no message, and a batch of messages alone marks nothing', async () => {
    await ledger.markFannedOut('msg_ledger_never_stored', ['ep_a']);
    await ledger.insert(message('msg_ledger_unmarked'));
    const { rows } = await h.sql.query<{ messages: string; marks: string }>(
      `SELECT (SELECT count(*) FROM ingest.messages WHERE id = 'msg_ledger_never_stored') AS messages,
         (SELECT count(*) FROM ingest.fan_outs WHERE message_id = 'msg_ledger_unmarked') AS marks`,
    );
    expect(rows[0]).toEqual({ messages: '0', marks: '0' });
  });

  it('writes the message row once: marking it adds a row of its own', async () => {
    const before = await h.sql.query<{ xmin: string }>(
      "SELECT xmin::text FROM ingest.messages WHERE id = 'msg_ledger_150'",
    );
    await ledger.markFannedOut('msg_ledger_150', ['ep_a']);
    const after = await h.sql.query<{ xmin: string; fanned_out_at: Date | null }>(
      "SELECT xmin::text, fanned_out_at FROM ingest.messages WHERE id = 'msg_ledger_150'",
    );
    expect(after.rows).toEqual([{ xmin: before.rows[0]!.xmin, fanned_out_at: null }]);
  });
});
