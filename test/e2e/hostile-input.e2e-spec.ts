import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { NatsServers, pollUntil, TestStack } from '@herald/testing';

/**
 * Hostile input through the five services as processes, real NATS and
 * Postgres: a tenant's catastrophic schema pattern, NUL and control
 * characters in ids and headers, invalid UTF-8, payloads nested 10,000 deep,
 * an envelope that makes delivery tasks too large for NATS, idempotency keys
 * shared by two tenants, malformed path ids and forged cursors. Each must be
 * refused with its own code (or recorded as a rejection over NATS) while the
 * other tenant's events keep flowing.
 */
const ADMIN_TOKEN = 'e2e-admin-token-hostile-0123456789';
const ALERT_TOKEN = 'e2e-alert-token-hostile';
const EVIL = `${'a'.repeat(34)}!`;
/** The private NATS server's limit: a 240 KB payload behind a 200 KB envelope is over it. */
const MAX_PAYLOAD = 524_288;

interface Tenant {
  id: string;
  apiKey: string;
}

describe('hostile input', () => {
  /** A JetStream server of this file's own, with a smaller `max_payload` than the default 1 MiB. */
  let nats: NatsServers;
  const stack = new TestStack({
    prefix: 'hostile',
    adminToken: ADMIN_TOKEN,
    natsUrl: () => nats.url(),
    connectNats: true,
    env: (receiver) => ({
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: ALERT_TOKEN,
      // Fuzzed events for types the catalog lacks are refused after this, not after 10 s.
      HERALD_UNKNOWN_TENANT_GRACE: '1s',
    }),
  });
  const { ns, receiver } = stack;
  let js: JetStreamClient;
  let evil: Tenant;
  let calm: Tenant;

  const api = (
    service: 'registry' | 'ingest' | 'health-monitor' | 'dispatcher',
    method: string,
    route: string,
    body?: unknown,
    token: string = calm.apiKey,
  ) => stack.api(service, method, route, body, token);
  const codeOf = (response: { body: Record<string, unknown> }) =>
    (response.body.error as { code?: string } | undefined)?.code;

  const createTenant = async (
    name: string,
    route: string,
    eventTypes: Record<string, unknown>[],
  ) => {
    const tenant = await stack.tenant(name, eventTypes);
    await stack.endpoint(route, { eventTypes: ['*'] }, tenant.apiKey);
    return tenant;
  };

  const publish = (
    tenant: Tenant,
    type: string,
    payload: Uint8Array | string,
    headers: Record<string, string> = {},
  ) => {
    const h = natsHeaders();
    for (const [name, value] of Object.entries(headers)) h.set(name, value);
    return js.publish(ns.ingestSubject(tenant.id, type), payload, { headers: h });
  };

  /** JetStream's de-duplication window of the ingest stream (100 ms) has passed since `since`. */
  const afterDuplicateWindow = (since: number) =>
    pollUntil(() => Date.now() - since > 100, { what: 'the ingest stream de-duplication window' });

  const rejections = async (tenant: Tenant) => {
    const listed = await api('ingest', 'GET', '/v1/rejections?limit=100', undefined, tenant.apiKey);
    expect(listed.status).toBe(200);
    return listed.body.data as {
      code: string;
      source: string;
      reason: string;
      excerpt: string | null;
    }[];
  };

  /** The ingest consumer has nothing pending or un-acked: every message was ended. */
  const ingestDrained = async () => {
    const jsm = await jetstreamManager(stack.nc);
    const info = await jsm.consumers.info(ns.stream('ingest'), ns.consumer('ingest', 'ingest'));
    return info.num_ack_pending === 0 && info.num_pending === 0 ? info : false;
  };

  const seqsOn = (route: string) =>
    receiver.on(route).flatMap((r) => {
      try {
        const seq = (JSON.parse(r.body) as { seq?: unknown }).seq;
        return typeof seq === 'number' ? [seq] : [];
      } catch {
        return [];
      }
    });

  beforeAll(async () => {
    nats = await NatsServers.create(1, { maxPayload: MAX_PAYLOAD });
    await nats.start();
    await stack.start();
    js = jetstream(stack.nc);

    evil = await createTenant('evil', '/evil', [
      { name: 'ping' },
      {
        name: 'signup',
        schema: { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } },
      },
      {
        name: 'bulky',
        // A large constant in the envelope: every delivered body carries it.
        envelope: { mode: 'wrap', fields: { blob: { value: 'x'.repeat(200_000) } } },
      },
    ]);
    calm = await createTenant('calm', '/calm', [{ name: 'ping' }]);
    // Ingest's read model has both tenants and their endpoints once one event of each arrives.
    for (const [tenant, route] of [
      [evil, '/evil'],
      [calm, '/calm'],
    ] as const) {
      await pollUntil(
        async () =>
          (
            await api(
              'ingest',
              'POST',
              '/v1/events',
              { type: 'ping', payload: { seq: -1 } },
              tenant.apiKey,
            )
          ).status === 202,
        { what: 'ingest knows the tenant', timeoutMs: 20_000 },
      );
      await pollUntil(() => receiver.on(route).length > 0, {
        what: `warm-up delivery to ${route}`,
      });
    }
  }, 180_000);

  afterAll(async () => {
    await stack.stop();
    await nats?.stop();
  });

  /** Ingest's schema-check histogram: how many checks, and how many took at most each bound (s). */
  const schemaChecks = async () => {
    const text = await (await fetch(`${stack.url('ingest')}/metrics`)).text();
    const name = 'herald_ingest_schema_validation_seconds';
    const value = (line: string | undefined) => Number(line?.split(' ').at(-1) ?? 0);
    const lines = text.split('\n');
    const buckets = new Map<number, number>();
    for (const line of lines.filter((l) => l.startsWith(`${name}_bucket{`))) {
      const le = /le="([^"]+)"/.exec(line)?.[1];
      if (le !== undefined && le !== '+Inf') buckets.set(Number(le), value(line));
    }
    return { count: value(lines.find((l) => l.startsWith(`${name}_count`))), buckets };
  };

  /** Resolves at `at` (epoch ms): paces the senders below, it waits for no condition. */
  const at = (when: number) => delay(Math.max(0, when - Date.now()));

  it("refuses a catastrophic pattern fast while another tenant's events keep flowing", async () => {
    const before = await schemaChecks();
    const sentAt = new Map<number, number>();
    const refused: { status: number; code?: string; ms: number }[] = [];
    const start = Date.now() + 100;
    // The calm tenant publishes at a steady 10 events/s for 10 s over NATS…
    const calmSender = (async () => {
      for (let seq = 0; seq < 100; seq += 1) {
        await at(start + seq * 100);
        sentAt.set(seq, Date.now());
        await publish(calm, 'ping', JSON.stringify({ seq }));
      }
    })();
    // …while the other tenant sends its catastrophic input twice a second, over HTTP and NATS.
    const evilSender = (async () => {
      for (let i = 0; i < 20; i += 1) {
        await at(start + 50 + i * 500);
        const started = performance.now();
        const response = await api(
          'ingest',
          'POST',
          '/v1/events',
          { type: 'signup', payload: { name: EVIL } },
          evil.apiKey,
        );
        refused.push({
          status: response.status,
          code: codeOf(response),
          ms: performance.now() - started,
        });
        await publish(evil, 'signup', JSON.stringify({ name: EVIL }));
      }
    })();
    await Promise.all([calmSender, evilSender]);
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => r.status === 400 && r.code === 'schema_validation_failed')).toBe(
      true,
    );
    await pollUntil(() => new Set(seqsOn('/calm').filter((s) => s >= 0)).size === 100, {
      what: "the calm tenant's 100 events",
      timeoutMs: 20_000,
    });
    const latencies = receiver
      .on('/calm')
      .map((r) => ({ seq: (JSON.parse(r.body) as { seq: number }).seq, at: r.receivedAt }))
      .filter((r) => r.seq >= 0)
      .map((r) => r.at - sentAt.get(r.seq)!)
      .sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
    const p50 = latencies[Math.ceil(latencies.length * 0.5) - 1]!;
    // Every schema check of the 40 catastrophic events (20 HTTP, 20 NATS) took under 50 ms.
    const after = await pollUntil(
      async () => {
        const now = await schemaChecks();
        return now.count - before.count >= 40 ? now : false;
      },
      { what: 'the NATS copies to be checked against the schema' },
    );
    const checks = after.count - before.count;
    const within = (bound: number) =>
      (after.buckets.get(bound) ?? 0) - (before.buckets.get(bound) ?? 0);
    const bound = [...after.buckets.keys()].sort((a, b) => a - b).find((b) => within(b) === checks);
    const roundTrips = refused.map((r) => r.ms).sort((a, b) => a - b);
    console.log(`calm latencies (ms): ${latencies.join(' ')}`);
    console.log(
      `ReDoS: ${checks} schema checks, each at most ${(bound ?? Infinity) * 1000} ms; ` +
        `HTTP refusal round trip p50 ${roundTrips[9]!.toFixed(1)} ms, slowest ${roundTrips
          .at(-1)!
          .toFixed(1)} ms; other tenant at 10 events/s publish→receipt p50 ${p50} ms, ` +
        `p99 ${p99} ms over ${latencies.length} events`,
    );
    expect(checks).toBe(40);
    expect(within(0.05)).toBe(checks);
    expect(p99).toBeLessThan(1_000);
    // The NATS copies are refused as rejections too, not retried.
    await pollUntil(
      async () =>
        (await rejections(evil)).filter(
          (r) => r.code === 'schema_validation_failed' && r.source === 'nats',
        ).length === 20,
      {
        what: 'schema rejections over NATS',
      },
    );
    // The registry refuses the same pattern's example as fast.
    const started = performance.now();
    const example = await api(
      'registry',
      'POST',
      '/v1/event-types',
      { name: 'signup2', schema: { type: 'string', pattern: '^(a+)+$' }, example: EVIL },
      evil.apiKey,
    );
    expect(example.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses patterns the engine cannot compile, and schemas over the limits, each with its code', async () => {
    const create = (schema: unknown) =>
      api('registry', 'POST', '/v1/event-types', { name: 'shape', schema }, evil.apiKey);
    const backreference = await create({ type: 'string', pattern: '^(a)\\1$' });
    expect([backreference.status, codeOf(backreference)]).toEqual([
      400,
      'unsupported_schema_pattern',
    ]);
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 60; i += 1) deep = { type: 'array', items: deep };
    const tooDeep = await create(deep);
    expect([tooDeep.status, codeOf(tooDeep)]).toEqual([400, 'schema_too_deep']);
    const tooLarge = await create({ type: 'object', description: 'd'.repeat(70_000) });
    expect([tooLarge.status, codeOf(tooLarge)]).toEqual([400, 'schema_too_large']);
    const nested = await api(
      'registry',
      'POST',
      '/v1/event-types',
      `{"name":"shape","schema":${'{"not":'.repeat(5_000)}{}${'}'.repeat(5_000)}}`,
      evil.apiKey,
    );
    expect([nested.status, codeOf(nested)]).toEqual([400, 'json_too_deep']);
  });

  it('refuses a NUL id over HTTP and NATS, and 50 valid events after it are delivered and acked', async () => {
    const http = await api('ingest', 'POST', '/v1/events', {
      type: 'ping',
      id: 'a\u0000b',
      payload: {},
    });
    expect([http.status, codeOf(http)]).toEqual([400, 'invalid_text']);
    const control = await api('ingest', 'POST', '/v1/events', {
      type: 'ping',
      id: 'a\u0001b',
      payload: {},
    });
    expect([control.status, codeOf(control)]).toEqual([400, 'invalid_idempotency_key']);
    const channel = await api('ingest', 'POST', '/v1/events', {
      type: 'ping',
      channel: 'c\nd',
      payload: {},
    });
    expect([channel.status, codeOf(channel)]).toEqual([400, 'invalid_channel']);

    await publish(calm, 'ping', '{"nul":1}', { 'Herald-Idempotency-Key': 'k\u0000ey' });
    await publish(calm, 'ping', '{"nul":2}', { 'Herald-Channel': 'ch\u0000an' });
    await publish(calm, 'ping', '{"nul":3}', { 'Nats-Msg-Id': 'm\u0000sg' });
    // Binary garbage: its rejection is stored with the bytes escaped.
    await publish(calm, 'ping', new Uint8Array([0x00, 0xff, 0xfe, 0x7b, 0xc3]));
    await publish(calm, 'ping', new Uint8Array([0x22, 0xc3, 0x28, 0x22]));
    const validFrom = Date.now();
    for (let seq = 1_000; seq < 1_050; seq += 1)
      await publish(calm, 'ping', JSON.stringify({ seq }));

    await pollUntil(() => seqsOn('/calm').filter((s) => s >= 1_000 && s < 1_050).length === 50, {
      what: '50 valid events after the NUL ones',
      timeoutMs: 20_000,
    });
    const deliveredMs = Date.now() - validFrom;
    const drained = await pollUntil(ingestDrained, { what: 'ingest ack-pending back to 0' });
    expect(drained.num_ack_pending).toBe(0);
    console.log(
      `NUL: the NUL id got 400 invalid_text over HTTP; the 50 valid events after the NUL ones ` +
        `were delivered within ${deliveredMs} ms of the first publish; ingest ack-pending ` +
        `${drained.num_ack_pending}, pending ${drained.num_pending}`,
    );
    const listed = await pollUntil(
      async () => {
        const all = await rejections(calm);
        return all.filter((r) => r.source === 'nats').length >= 5 ? all : false;
      },
      { what: 'the NATS rejections are listed' },
    );
    const codes = listed.filter((r) => r.source === 'nats').map((r) => r.code);
    expect(codes.filter((c) => c === 'invalid_idempotency_key')).toHaveLength(2);
    expect(codes).toContain('invalid_channel');
    expect(codes.filter((c) => c === 'invalid_utf8')).toHaveLength(2);
    // The NUL id refused over HTTP is listed too, beside the other refused HTTP ids.
    const httpCodes = listed.filter((r) => r.source === 'http').map((r) => r.code);
    expect(httpCodes).toContain('invalid_text');
    expect(httpCodes).toContain('invalid_idempotency_key');
    expect(httpCodes).toContain('invalid_channel');
    const garbage = listed.find((r) => r.excerpt?.startsWith('\\u0000\\xFF'));
    expect(garbage?.excerpt).toBe('\\u0000\\xFF\\xFE{\\xC3');
  });

  it('refuses a payload nested 10,000 deep on HTTP and records its rejection on NATS', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const http = await api('ingest', 'POST', '/v1/events', `{"type":"ping","payload":${deep}}`);
    expect([http.status, codeOf(http)]).toEqual([400, 'json_too_deep']);
    const keys = `{${Array.from({ length: 10_001 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const many = await api('ingest', 'POST', '/v1/events', `{"type":"ping","payload":${keys}}`);
    expect([many.status, codeOf(many)]).toEqual([400, 'too_many_keys']);
    const latin = await fetch(`${stack.url('ingest')}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${calm.apiKey}`, 'content-type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"type":"ping","payload":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}'),
      ]),
    });
    expect([
      latin.status,
      ((await latin.json()) as { error: { code: string } }).error.code,
    ]).toEqual([400, 'invalid_utf8']);

    await publish(calm, 'ping', deep);
    await publish(calm, 'ping', keys);
    await pollUntil(
      async () => {
        const codes = (await rejections(calm)).map((r) => r.code);
        return codes.includes('json_too_deep') && codes.includes('too_many_keys');
      },
      { what: 'depth and key-count rejections over NATS' },
    );
    for (const service of ['ingest', 'registry'] as const) {
      expect((await fetch(`${stack.url(service)}/healthz`)).status).toBe(200);
    }
  });

  it('refuses a payload whose delivery task would exceed the server max_payload, before 202', async () => {
    // 240 KB as received (under the 256 KiB limit); each quote doubles inside the task.
    const payload = { text: '"'.repeat(120_000) };
    expect(JSON.stringify(payload).length).toBeLessThan(262_144);
    const http = await api('ingest', 'POST', '/v1/events', { type: 'bulky', payload }, evil.apiKey);
    expect([http.status, codeOf(http)]).toEqual([413, 'payload_too_large']);
    await publish(evil, 'bulky', JSON.stringify(payload));
    await pollUntil(
      async () =>
        (await rejections(evil)).some((r) => r.code === 'payload_too_large' && r.source === 'nats'),
      { what: 'the oversized task refused over NATS' },
    );
    // Small payloads of the same type still fit and are delivered.
    const small = await api(
      'ingest',
      'POST',
      '/v1/events',
      { type: 'bulky', id: 'small-bulky', payload: { seq: 7 } },
      evil.apiKey,
    );
    expect(small.status).toBe(202);
    await pollUntil(
      () => receiver.on('/evil').some((r) => r.headers['webhook-id'] === small.body.id),
      {
        what: 'the small bulky event',
        timeoutMs: 20_000,
      },
    );
    await pollUntil(ingestDrained, { what: 'nothing left un-acked in ingest' });
  });

  it('scopes idempotency keys per tenant, and keeps them past the JetStream window', async () => {
    // The same key in two tenants: two messages.
    await publish(evil, 'ping', JSON.stringify({ seq: 2_000 }), {
      'Herald-Idempotency-Key': 'shared-key',
    });
    await publish(calm, 'ping', JSON.stringify({ seq: 2_000 }), {
      'Herald-Idempotency-Key': 'shared-key',
    });
    // The same Nats-Msg-Id in two tenants, once the first is stored.
    const firstAt = Date.now();
    const first = await publish(evil, 'ping', JSON.stringify({ seq: 2_001 }), {
      'Nats-Msg-Id': 'shared-msg-id',
    });
    await pollUntil(() => seqsOn('/evil').includes(2_001), { what: "the first tenant's event" });
    await afterDuplicateWindow(firstAt);
    // The server drops expired ids on a timer, which may fire a little after the
    // window under load: a PubAck marked duplicate means the event was not
    // stored, so it is published again until JetStream takes it, well within
    // its default 2 minutes.
    let secondAt = Date.now();
    const second = await pollUntil(
      async () => {
        secondAt = Date.now();
        const ack = await publish(calm, 'ping', JSON.stringify({ seq: 2_001 }), {
          'Nats-Msg-Id': 'shared-msg-id',
        });
        return ack.duplicate ? false : ack;
      },
      { what: 'JetStream to forget the first tenant’s Nats-Msg-Id', timeoutMs: 5_000 },
    );
    expect([first.duplicate, second.duplicate]).toEqual([false, false]);
    await pollUntil(() => seqsOn('/calm').filter((s) => s === 2_000 || s === 2_001).length === 2, {
      what: 'both keys delivered to the second tenant',
    });
    await pollUntil(() => seqsOn('/evil').filter((s) => s === 2_000).length === 1, {
      what: 'the shared key delivered to the first tenant',
    });

    // The same key twice in one tenant, the second time after JetStream's window:
    // JetStream no longer sees a duplicate, Herald still does.
    await afterDuplicateWindow(secondAt);
    const again = await pollUntil(
      async () => {
        const ack = await publish(calm, 'ping', JSON.stringify({ seq: 2_001 }), {
          'Nats-Msg-Id': 'shared-msg-id',
        });
        return ack.duplicate ? false : ack;
      },
      { what: 'JetStream to forget the Nats-Msg-Id', timeoutMs: 5_000 },
    );
    expect(again.duplicate).toBe(false);
    await pollUntil(ingestDrained, { what: 'ingest handled the repeat' });
    const sentinel = await api('ingest', 'POST', '/v1/events', {
      type: 'ping',
      payload: { seq: 2_002 },
    });
    expect(sentinel.status).toBe(202);
    await pollUntil(() => seqsOn('/calm').includes(2_002), { what: 'the sentinel event' });
    expect(seqsOn('/calm').filter((s) => s === 2_001)).toHaveLength(1);
  });

  it('answers 400, not 500, to malformed path ids and forged cursors on every service', async () => {
    const forged = Buffer.from('["not-a-time","also-not-a-uuid"]').toString('base64url');
    const checks: [Parameters<typeof api>[0], string, string][] = [
      ['registry', 'GET', '/v1/event-types/%00/versions/1'],
      ['registry', 'GET', '/v1/event-types/ping/versions/%00'],
      ['registry', 'GET', `/v1/endpoints/${'x'.repeat(300)}`],
      ['registry', 'GET', `/v1/endpoints?cursor=${forged}`],
      ['dispatcher', 'GET', '/v1/replays/%00'],
      ['dispatcher', 'GET', `/v1/dead-letters?cursor=${forged}`],
      ['health-monitor', 'GET', '/v1/messages/%00/deliveries'],
      ['health-monitor', 'GET', `/v1/attempts?cursor=${forged}`],
      ['ingest', 'GET', `/v1/messages?cursor=${forged}`],
      ['ingest', 'GET', `/v1/rejections?cursor=${forged}`],
      ['ingest', 'GET', '/v1/messages/%00'],
      ['ingest', 'GET', '/v1/rejections?code=%00'],
    ];
    for (const [service, method, route] of checks) {
      const response = await api(service, method, route);
      expect([route, response.status]).toEqual([route, 400]);
    }
  });
});
