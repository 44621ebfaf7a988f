import { describe, expect, it } from '@jest/globals';
import { attemptLine } from './commands/deliveries.js';
import { COMMANDS, main } from './main.js';

/** Runs `herald` against a fake API; returns the exit code, output and the requests made. */
async function run(
  argv: string[],
  answer: (url: URL, init: RequestInit) => [number, unknown] = () => [200, { ok: true }],
) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: { method: string; url: string; body: unknown; auth: string | undefined }[] = [];
  const fakeFetch = ((input: URL, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    requests.push({
      method: String(init.method),
      url: input.toString(),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      auth: headers.authorization,
    });
    const [status, body] = answer(input, init);
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  }) as unknown as typeof fetch;
  const code = await main(
    argv,
    { HERALD_API_KEY: 'hrld_key', HERALD_ADMIN_TOKEN: 'admin' },
    '/nonexistent',
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    fakeFetch,
  );
  return { code, out: out.join('\n'), err: err.join('\n'), requests };
}

describe('herald', () => {
  it('has a unique name for every command', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('creates an endpoint with the API key, sending only the fields given', async () => {
    const { code, requests } = await run([
      'endpoints',
      'create',
      'https://example.com/h',
      '--events',
      'message,status@2',
      '--channels',
      'web',
      '--filter',
      '{"status":"read"}',
      '--label',
      'team:bots',
    ]);
    expect(code).toBe(0);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'http://127.0.0.1:8081/v1/endpoints',
        auth: 'Bearer hrld_key',
        body: {
          url: 'https://example.com/h',
          eventTypes: ['message', 'status@2'],
          channels: ['web'],
          payloadFilter: { status: 'read' },
          metadata: { team: 'bots' },
        },
      },
    ]);
  });

  it('uses the admin token for tenant commands and the right service for each command', async () => {
    const tenants = await run([
      'tenants',
      'create',
      'acme',
      '--https-only',
      'true',
      '--max-url-length',
      '256',
    ]);
    expect(tenants.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8081/v1/tenants',
      auth: 'Bearer admin',
      body: { name: 'acme', settings: { httpsOnly: true, maxUrlLength: 256 } },
    });
    const load = await run(['catalogs', 'load', 'chatbot'], () => [
      200,
      { created: 2, updated: 0, eventTypes: [{ name: 'message', version: 1 }] },
    ]);
    expect(load.out).toContain('loaded chatbot: 2 created, 0 updated');
    expect(load.err).toBe('loading catalog chatbot: 1 event types…');
    const test = await run(['test', 'ep-1', '--event-type', 'status']);
    expect(test.requests[0]).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:8081/v1/endpoints/ep-1/test',
      body: { eventType: 'status' },
    });
    const publish = await run(['publish', 'status', '{"status":"read"}', '--channel', 'web']);
    expect(publish.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8080/v1/events',
      body: { type: 'status', payload: { status: 'read' }, channel: 'web' },
    });
    const replay = await run(['replay', '--endpoint', 'ep-1', '--dry-run']);
    expect(replay.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8082/v1/dead-letters/replay',
      body: { endpointId: 'ep-1', dryRun: true },
    });
    const failures = await run(['attempts', 'ep-1', '--failures', '--limit', '5']);
    expect(failures.requests[0]?.url).toBe(
      'http://127.0.0.1:8083/v1/endpoints/ep-1/failures?limit=5',
    );
  });

  it('prints the latest attempts oldest first with tail', async () => {
    const attempt = (id: string, at: string, outcome: 'success' | 'failure') => ({
      attemptId: id,
      endpointId: 'ep',
      messageId: 'msg',
      eventType: 'status',
      attempt: 1,
      outcome,
      reason: outcome === 'success' ? 'delivered' : 'timeout',
      statusCode: outcome === 'success' ? 200 : null,
      latencyMs: 12.4,
      error: outcome === 'success' ? null : 'timed out',
      at,
    });
    const { out, requests } = await run(['tail', '--limit', '2'], () => [
      200,
      {
        data: [
          attempt('b', '2026-01-01T00:00:02.000Z', 'failure'),
          attempt('a', '2026-01-01T00:00:01.000Z', 'success'),
        ],
      },
    ]);
    expect(requests[0]?.url).toBe('http://127.0.0.1:8083/v1/attempts?limit=2');
    expect(out.split('\n')).toEqual([
      attemptLine(attempt('a', '2026-01-01T00:00:01.000Z', 'success')),
      attemptLine(attempt('b', '2026-01-01T00:00:02.000Z', 'failure')),
    ]);
    expect(out).toContain('FAIL timeout');
    expect(out).toContain('timed out');
  });

  it('reports API errors with their code and details (exit 1), usage errors with exit 2', async () => {
    const refused = await run(['endpoints', 'create', 'http://x', '--events', 'nope'], () => [
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'request is invalid',
          details: [{ field: 'eventTypes.0', reason: 'unknown event type' }],
        },
      },
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'herald: 400 validation_failed: request is invalid\n  eventTypes.0: unknown event type',
    );
    expect((await run(['endpoints', 'get'])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('catalogs');
    expect(help.out).toContain('completion');
    expect((await run(['catalogs', '--help'])).out).toContain('load');
  });
});
