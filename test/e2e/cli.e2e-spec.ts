import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pollUntil, TestStack } from '@herald/testing';
import { OPERATIONS } from '../../apps/cli/src/generated/operations.js';
import { COMMANDS, main } from '../../apps/cli/src/main.js';

/**
 * The `herald` CLI against the five real services (processes, real NATS and
 * Postgres, a real receiver): every hand-written command and every generated
 * `herald api <service> <operation>` runs and gets the answer it should. The
 * test fails if a command exists that it did not run.
 */
const ADMIN_TOKEN = 'e2e-cli-admin-token-7f3a';

type Json = Record<string, unknown> & { id?: string; data?: Json[] };

describe('herald CLI against the real services', () => {
  const stack = new TestStack({
    prefix: 'cli',
    adminToken: ADMIN_TOKEN,
    env: {
      HERALD_ALLOW_PRIVATE_NETWORKS: 'true',
      HERALD_RETRY_SCHEDULE: '100ms',
      HERALD_RETRY_JITTER: '0',
      HERALD_ENDPOINT_TEST_WAIT: '20s',
      HERALD_PORTAL_SIGNING_KEY: 'cli-e2e-portal-signing-key-0123456789abcdef',
    },
  });
  const { receiver } = stack;
  const work = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
  const ran = new Set<string>();
  let env: Record<string, string>;

  /** Runs `herald …` in-process; records which command ran. */
  const herald = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, env, work, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    const words = argv.filter((a) => !a.startsWith('-'));
    const name = words[0] === 'api' ? words.slice(0, 3).join(' ') : words.slice(0, 2).join(' ');
    ran.add(
      COMMANDS.some((c) => c.name === name)
        ? name
        : name
            .split(' ')
            .slice(0, words[0] === 'api' ? 3 : 1)
            .join(' '),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  /** `herald …` that must succeed; its JSON output. */
  const ok = async (...argv: string[]): Promise<Json> => {
    const result = await herald(...argv);
    if (result.code !== 0)
      throw new Error(`herald ${argv.join(' ')} → ${result.code}: ${result.err}`);
    try {
      return JSON.parse(result.out) as Json;
    } catch {
      return { text: result.out };
    }
  };

  beforeAll(async () => {
    receiver.respond('/dead', () => ({ status: 500 }));
    await stack.start();
    env = { HERALD_ADMIN_TOKEN: ADMIN_TOKEN, ...stack.serviceUrlEnv() };
  }, 180_000);

  afterAll(() => stack.stop(), 60_000);

  it('runs every hand-written command', async () => {
    // Operators: tenants and their keys.
    const tenant = await ok('tenants', 'create', 'cli-co', '--max-url-length', '256');
    env.HERALD_API_KEY = String(tenant.apiKey);
    const tenantId = String(tenant.id);
    expect((await ok('tenants', 'list')).data?.some((t) => t.id === tenantId)).toBe(true);
    expect((await ok('tenants', 'get', tenantId)).name).toBe('cli-co');
    expect((await ok('tenants', 'update', tenantId, '--name', 'cli-co-2')).name).toBe('cli-co-2');
    expect(String((await ok('tenants', 'key', tenantId, '--role', 'viewer')).key)).toMatch(
      /^hrld_/,
    );
    // The tenant: who am I, keys, settings.
    expect((await ok('whoami')).role).toBe('admin');
    const key = await ok('keys', 'create', '--role', 'publisher', '--name', 'svc');
    expect((await ok('keys', 'list')).data?.length).toBeGreaterThanOrEqual(2);
    await ok('keys', 'revoke', String(key.id));
    expect((await ok('settings', 'get')).maxUrlLength).toBe(256);
    expect((await ok('settings', 'set', '--max-url-length', '300')).maxUrlLength).toBe(300);
    // The catalog.
    expect(
      (await ok('catalogs', 'list')).data?.length ?? (await ok('catalogs', 'list')),
    ).toBeTruthy();
    expect((await ok('catalogs', 'show', 'contact-center')).name).toBe('contact-center');
    const load = await herald('catalogs', 'load', 'contact-center');
    expect(load.code).toBe(0);
    expect(load.err).toMatch(/^loading catalog contact-center: \d+ event types…$/);
    expect(load.out).toContain('loaded contact-center');
    await ok(
      'event-types',
      'create',
      'order.paid',
      '--description',
      'paid',
      '--schema',
      '{"type":"object"}',
    );
    expect((await ok('event-types', 'get', 'order.paid')).name ?? 'order.paid').toBe('order.paid');
    await ok(
      'event-types',
      'update',
      'order.paid',
      '--version',
      '1',
      '--description',
      'an order was paid',
    );
    await ok('event-types', 'archive', 'order.paid', '--version', '1');
    await ok('event-types', 'unarchive', 'order.paid', '--version', '1');
    const file = path.join(work, 'types.json');
    writeFileSync(file, JSON.stringify([{ name: 'order.shipped', schema: { type: 'object' } }]));
    await ok('event-types', 'import', file);
    expect(JSON.stringify(await ok('event-types', 'list'))).toContain('order.shipped');
    // Endpoints.
    const endpoint = await ok(
      'endpoints',
      'create',
      receiver.url('/ok'),
      '--events',
      'AgentLog,order.paid',
      '--label',
      'team:cli',
      '--rate-limit',
      '600/m',
    );
    const endpointId = String(endpoint.id);
    expect(endpoint.rateLimit).toBe(10);
    expect((await ok('endpoints', 'list', '--label', 'team:cli')).data?.map((e) => e.id)).toEqual([
      endpointId,
    ]);
    expect((await ok('endpoints', 'get', endpointId)).url).toBe(receiver.url('/ok'));
    expect((await ok('endpoints', 'update', endpointId, '--rate-limit', '5/s')).rateLimit).toBe(5);
    expect(String((await ok('endpoints', 'secret', endpointId)).secret)).toMatch(/^whsec_/);
    await ok('endpoints', 'rotate', endpointId);
    expect((await ok('endpoints', 'disable', endpointId)).enabled).toBe(false);
    expect((await herald('test', endpointId)).code).toBe(1); // 409 endpoint_disabled
    expect((await ok('endpoints', 'enable', endpointId)).enabled).toBe(true);
    expect((await ok('test', endpointId, '--event-type', 'AgentLog')).status).toBe('delivered');
    // Events, messages, attempts.
    const published = await ok('publish', 'order.paid', '{"order":1}', '--id', 'order-1');
    const messageId = String(published.id);
    await pollUntil(() => receiver.on('/ok').length >= 2, { timeoutMs: 30_000, what: 'delivery' });
    expect((await ok('messages', 'list', '--event-type', 'order.paid')).data?.[0]?.id).toBe(
      messageId,
    );
    expect((await ok('messages', 'get', messageId)).id).toBe(messageId);
    await pollUntil(
      async () => ((await ok('messages', 'attempts', messageId)).data?.length ?? 0) > 0,
      {
        timeoutMs: 30_000,
        what: 'the attempt logged',
      },
    );
    expect(JSON.stringify(await ok('messages', 'deliveries', messageId))).toContain(endpointId);
    expect((await ok('attempts', endpointId)).data?.length).toBeGreaterThanOrEqual(2);
    expect((await ok('attempts', endpointId, '--failures')).data).toEqual([]);
    const tail = await herald('tail', '--endpoint', endpointId, '--limit', '5');
    expect(tail.code).toBe(0);
    expect(tail.out).toContain(`endpoint=${endpointId}`);
    expect((await herald('resend', messageId, endpointId)).code).toBe(0);
    // Dead letters, replay with progress, recover.
    const dead = await ok('endpoints', 'create', receiver.url('/dead'), '--events', 'order.paid');
    await ok('publish', 'order.paid', '{"order":2}', '--id', 'order-2');
    await pollUntil(
      async () => ((await ok('dead-letters', '--endpoint', String(dead.id))).data?.length ?? 0) > 0,
      { timeoutMs: 30_000, what: 'a dead letter' },
    );
    const replay = await herald(
      'replay',
      '--endpoint',
      String(dead.id),
      '--wait',
      '--interval-ms',
      '100',
    );
    expect(replay.code).toBe(0);
    expect(replay.err).toMatch(/replay \S+: done, 1\/1 republished \(100 %\)/);
    expect((JSON.parse(replay.out) as Json).status).toBe('done');
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const recover = await herald(
      'recover',
      String(dead.id),
      '--since',
      since,
      '--dry-run',
      '--wait',
    );
    expect(recover.code).toBe(0);
    expect((JSON.parse(recover.out) as Json).dryRun).toBe(true);
    await ok('endpoints', 'delete', String(dead.id));

    expect(COMMANDS.map((c) => c.name).filter((name) => !ran.has(name))).toEqual([]);
  }, 240_000);

  it('runs every generated api command, one per route of every service', async () => {
    const tenant = await ok('api', 'registry', 'create-tenant', '--body', '{"name":"api-co"}');
    env.HERALD_API_KEY = String(tenant.apiKey);
    const tenantId = String(tenant.id);
    await ok('api', 'registry', 'load-catalog', 'chat-inbox');
    await ok('api', 'registry', 'create-event-type', '--body', '{"name":"api.event"}');
    const endpoint = await ok(
      'api',
      'registry',
      'create-endpoint',
      '--body',
      JSON.stringify({ url: receiver.url('/api'), eventTypes: ['api.event'] }),
    );
    const endpointId = String(endpoint.id);
    const dead = await ok(
      'api',
      'registry',
      'create-endpoint',
      '--body',
      JSON.stringify({ url: receiver.url('/dead'), eventTypes: ['api.event'] }),
    );
    const message = await ok(
      'api',
      'ingest',
      'publish-event',
      '--body',
      JSON.stringify({ type: 'api.event', payload: { id: 1 } }),
    );
    const messageId = String(message.id);
    const deadLetters = await pollUntil(
      async () => {
        const page = await ok(
          'api',
          'dispatcher',
          'list-dead-letters',
          '--endpoint-id',
          String(dead.id),
        );
        return page.data?.length ? page.data : undefined;
      },
      { timeoutMs: 30_000, what: 'a dead letter' },
    );
    const key = await ok('api', 'registry', 'create-api-key', '--body', '{"role":"viewer"}');
    const destination = await ok(
      'api',
      'alerting',
      'create-alert-destination',
      '--body',
      JSON.stringify({ url: receiver.url('/alerts') }),
    );
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const replay = await ok(
      'api',
      'dispatcher',
      'replay-dead-letters',
      '--body',
      JSON.stringify({ endpointId: dead.id, dryRun: true }),
    );

    /** Arguments (path parameters, then options) of each operation; deletions last. */
    const plan: Record<string, string[]> = {
      'registry create-tenant': ['--body', '{"name":"api-co-other"}'],
      'registry create-endpoint': [
        '--body',
        JSON.stringify({ url: receiver.url('/api2'), eventTypes: ['api.event'] }),
      ],
      'alerting create-alert-destination': [
        '--body',
        JSON.stringify({ url: receiver.url('/alerts2') }),
      ],
      'registry list-tenants': [],
      'registry get-tenant': [tenantId],
      'registry update-tenant': [tenantId, '--body', '{"name":"api-co-2"}'],
      'registry create-tenant-api-key': [tenantId, '--body', '{"role":"viewer"}'],
      'registry get-settings': [],
      'registry update-settings': ['--body', '{"maxUrlLength":1024}'],
      'registry list-endpoints': ['--limit', '10'],
      'registry get-endpoint': [endpointId],
      'registry update-endpoint': [endpointId, '--body', '{"description":"api"}'],
      'registry list-event-types': [],
      'registry create-event-type': ['--body', '{"name":"x.created","schema":{"type":"object"}}'],
      'registry import-event-types': ['--body', '{"eventTypes":[{"name":"x.updated"}]}'],
      'registry get-event-type': ['x.created'],
      'registry get-event-type-version': ['x.created', '1'],
      'registry update-event-type-version': ['x.created', '1', '--body', '{"description":"x"}'],
      'registry list-catalogs': [],
      'registry get-catalog': ['chat-inbox'],
      'registry load-catalog': ['chat-inbox'],
      'registry get-endpoint-secret': [endpointId],
      'registry rotate-endpoint-secret': [endpointId],
      'registry test-endpoint': [endpointId, '--body', '{"eventType":"api.event"}'],
      'registry list-api-keys': [],
      'registry create-api-key': ['--body', '{"role":"viewer"}'],
      'registry who-am-i': [],
      'registry create-portal-session': ['--body', '{"role":"viewer","expiresIn":120}'],
      'registry get-portal-settings': [],
      'registry update-portal-settings': ['--body', '{"primaryColor":"#1f5fbf"}'],
      'ingest publish-event': ['--body', '{"type":"api.event","payload":{"id":2}}'],
      'ingest list-messages': ['--event-type', 'api.event'],
      'ingest get-message': [messageId],
      'ingest list-rejections': [],
      'ingest resend-message': [messageId, '--body', JSON.stringify({ endpointId })],
      'dispatcher list-dead-letters': [],
      'dispatcher get-dead-letter': [String(deadLetters[0]!.id)],
      'dispatcher replay-dead-letters': ['--body', '{"dryRun":true}'],
      'dispatcher recover-endpoint': [
        String(dead.id),
        '--body',
        JSON.stringify({ since, dryRun: true }),
      ],
      'dispatcher get-replay': [String(replay.replayId)],
      'health-monitor list-endpoint-attempts': [endpointId],
      'health-monitor list-endpoint-failures': [String(dead.id)],
      'health-monitor list-attempts': ['--endpoint-id', endpointId],
      'health-monitor list-message-attempts': [messageId],
      'health-monitor list-message-deliveries': [messageId],
      'health-monitor get-endpoint-health': [endpointId],
      'health-monitor set-endpoint-health-settings': [
        endpointId,
        '--body',
        '{"slowThresholdMs":500}',
      ],
      'alerting list-alert-destinations': [],
      'alerting get-alert-destination': [String(destination.id)],
      'alerting update-alert-destination': [String(destination.id), '--body', '{"enabled":true}'],
      'alerting rotate-alert-destination-token': [String(destination.id)],
      'alerting test-alert-destination': [String(destination.id)],
      'alerting list-alerts': [],
      'registry revoke-api-key': [String(key.id)],
      'registry delete-endpoint': [String(dead.id)],
      'alerting delete-alert-destination': [String(destination.id)],
    };
    for (const service of ['registry', 'ingest', 'dispatcher', 'health-monitor', 'alerting']) {
      for (const probe of ['get-liveness', 'get-readiness', 'get-metrics'])
        plan[`${service} ${probe}`] = [];
    }
    // Operator routes: each service's quarantine of messages it gave up.
    for (const service of ['registry', 'dispatcher', 'health-monitor', 'alerting']) {
      plan[`${service} list-quarantine`] = ['--limit', '5'];
    }
    // This platform runs on an open NATS, so producer credentials are off: each
    // command still reaches its route, and the route says why it refuses.
    const refused: Record<string, string[]> = {
      'registry list-nats-credentials': [],
      'registry create-nats-credential': ['--body', '{"name":"cli"}'],
      'registry revoke-nats-credential': ['00000000-0000-4000-8000-000000000000'],
    };
    // An endless Server-Sent Events stream (`curl -N` follows it): the command
    // reaches the route, which refuses a malformed filter before streaming.
    const streams = ['health-monitor stream-attempts'];
    const missing = OPERATIONS.map((o) => `${o.service} ${o.command}`).filter(
      (name) => !(name in plan) && !(name in refused) && !streams.includes(name),
    );
    expect(missing).toEqual([]);
    const stream = await herald('api', 'health-monitor', 'stream-attempts', '--endpoint-id', 'x');
    expect(stream.code).not.toBe(0);
    expect(stream.err).toContain('validation_failed');
    for (const [name, args] of Object.entries(refused)) {
      const [service, command] = name.split(' ') as [string, string];
      const result = await herald('api', service, command, ...args);
      expect({ name, failed: result.code !== 0 }).toEqual({ name, failed: true });
      expect(result.err).toContain('nats_credentials_disabled');
    }
    for (const [name, args] of Object.entries(plan)) {
      const [service, command] = name.split(' ') as [string, string];
      const result = await herald('api', service, command, ...args);
      expect({ name, code: result.code, err: result.err }).toEqual({ name, code: 0, err: '' });
    }
    expect((await herald('api', 'registry', 'get-metrics')).out).toContain('herald_process_cpu');
    expect(
      JSON.parse((await herald('--output', 'json', 'api', 'registry', 'get-tenant', tenantId)).out),
    ).toMatchObject({ name: 'api-co-2' });
    const table = await herald('-o', 'table', 'api', 'registry', 'list-endpoints');
    expect(table.out.split('\n')[0]).toMatch(/^id\s+/);
    expect(table.out).toContain(endpointId);
  }, 240_000);
});
