import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { pollUntil, REPO_ROOT, TestStack } from '@herald/testing';

/**
 * The example catalogs end to end, four services as processes: each source
 * product's catalog is loaded with one `herald` command, an endpoint
 * subscribes to it, every example event is published, and the receiver gets
 * each payload in the source product's shape (envelope fields first, then the
 * producer's bytes), signed.
 * Then endpoint tests through the real pipeline, and `herald tail`.
 */
const cli = path.join(REPO_ROOT, 'apps/cli/bin/herald.js');
const run = promisify(execFile);

interface CatalogEvent {
  name: string;
  example: Record<string, unknown>;
}

/** The source product's shape: the envelope fields each catalog adds, before the producer's bytes. */
const SHAPES: Record<string, (type: string) => RegExp> = {
  'ai-agent-alerts': (type) => new RegExp(`^\\{"event":"${type}",`),
  'chat-inbox': (type) => new RegExp(`^\\{"event":"${type}",`),
  'contact-center': (type) =>
    new RegExp(`^\\{"event":"${type}","date":"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d",`),
  chatbot: (type) => new RegExp(`^\\{"v":"1\\.1","type":"${type}",`),
};
const CHANNEL = 'whatsapp-551149331774';

describe('example catalogs end to end', () => {
  const stack = new TestStack({
    prefix: 'cat',
    services: ['registry', 'ingest', 'dispatcher', 'health-monitor'],
    connectNats: true,
    env: { HERALD_RETRY_SCHEDULE: '1h' },
  });
  const { receiver, ns } = stack;
  const api = stack.api.bind(stack);
  const catalogs = new Map<string, CatalogEvent[]>();
  const endpoints = new Map<string, { id: string; secret: string }>();

  const herald = (...args: string[]) =>
    run(process.execPath, [cli, ...args], {
      env: {
        ...process.env,
        HERALD_API_KEY: stack.apiKey,
        ...stack.serviceUrlEnv(),
      },
    });

  beforeAll(async () => {
    receiver.respond('/failing', () => ({ status: 500, body: 'down' }));
    await stack.start();
    await stack.tenant('seeds');
  }, 120_000);

  afterAll(() => stack.stop());

  it('loads each source product’s catalog with one herald command', async () => {
    const listed = await herald('catalogs', 'list');
    const names = (JSON.parse(listed.stdout) as { data: { name: string }[] }).data.map(
      (c) => c.name,
    );
    expect(names.sort()).toEqual(Object.keys(SHAPES).sort());
    for (const name of names) {
      const loaded = await herald('catalogs', 'load', name);
      expect(loaded.stdout).toMatch(new RegExp(`^loaded ${name}: \\d+ created, 0 updated`));
      const shown = await api('registry', 'GET', `/v1/catalogs/${name}`);
      catalogs.set(name, shown.body.eventTypes as CatalogEvent[]);
    }
    const types = await api('registry', 'GET', '/v1/event-types');
    expect((types.body.data as unknown[]).length).toBe(
      [...catalogs.values()].reduce((n, events) => n + events.length, 0),
    );
  });

  it('delivers every example event to its catalog’s endpoint in the source product’s shape, signed', async () => {
    for (const [name, events] of catalogs) {
      const created = await api('registry', 'POST', '/v1/endpoints', {
        url: receiver.url(`/${name}`),
        eventTypes: events.map((e) => e.name),
        ...(name === 'chatbot' ? { channels: [CHANNEL] } : {}),
      });
      expect(created.status).toBe(201);
      const endpoint = created.body as { id: string; secret: string };
      endpoints.set(name, endpoint);
      receiver.expectSecret(`/${name}`, endpoint.secret);
    }
    const js = jetstream(stack.nc);
    for (const [name, events] of catalogs) {
      for (const event of events) {
        const id = `${name}-${event.name}`;
        if (name === 'chatbot') {
          // As a product service would: over NATS, on the chat channel.
          const h = natsHeaders();
          h.set('Herald-Idempotency-Key', id);
          h.set('Herald-Channel', CHANNEL);
          await js.publish(
            ns.ingestSubject(stack.tenantId, event.name),
            JSON.stringify(event.example),
            {
              headers: h,
            },
          );
        } else {
          // The read model may take a moment to reach ingest after the load.
          await pollUntil(
            async () =>
              (
                await api('ingest', 'POST', '/v1/events', {
                  type: event.name,
                  id,
                  payload: event.example,
                })
              ).status === 202,
            { what: `${event.name} accepted` },
          );
        }
      }
    }
    for (const [name, events] of catalogs) {
      const requests = await pollUntil(
        () => receiver.on(`/${name}`).length >= events.length && receiver.on(`/${name}`),
        { timeoutMs: 30_000, what: `${events.length} deliveries to /${name}` },
      );
      expect(requests).toHaveLength(events.length);
      for (const event of events) {
        const request = requests.find(
          (r) =>
            (JSON.parse(r.body) as Record<string, unknown>)[
              name === 'chatbot' ? 'type' : 'event'
            ] === event.name,
        );
        expect([name, event.name, request?.verified]).toEqual([name, event.name, true]);
        const body = request!.body;
        expect(body).toMatch(SHAPES[name]!(event.name));
        // After the envelope fields, the producer's payload, byte for byte.
        expect(body.endsWith(JSON.stringify(event.example).slice(1))).toBe(true);
        expect(JSON.parse(body)).toMatchObject(event.example);
      }
    }
  });

  it('tests an endpoint through the real pipeline and reports the attempt', async () => {
    const inbox = endpoints.get('chat-inbox')!;
    const before = receiver.on('/chat-inbox').length;
    const tested = await herald('test', inbox.id, '--event-type', 'message_created');
    const result = JSON.parse(tested.stdout) as { status: string; attempt: { statusCode: number } };
    expect(result).toMatchObject({ status: 'delivered', attempt: { statusCode: 204 } });
    const delivered = receiver.on('/chat-inbox')[before]!;
    expect(delivered.verified).toBe(true);
    expect(delivered.body).toMatch(/^\{"event":"message_created","id":"1","content":"Hi"/);

    const plain = await api(
      'registry',
      'POST',
      `/v1/endpoints/${endpoints.get('ai-agent-alerts')!.id}/test`,
      {},
    );
    expect(plain.body).toMatchObject({ eventType: 'herald.test', status: 'delivered' });

    const failing = await api('registry', 'POST', '/v1/endpoints', {
      url: receiver.url('/failing'),
      eventTypes: ['test'],
    });
    const failed = await api(
      'registry',
      'POST',
      `/v1/endpoints/${failing.body.id as string}/test`,
      {},
    );
    expect(failed).toMatchObject({
      status: 200,
      body: { status: 'failed', attempt: { statusCode: 500, responseBody: 'down' } },
    });

    await api('registry', 'PATCH', `/v1/endpoints/${inbox.id}`, { enabled: false });
    const refused = await herald('test', inbox.id).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('409 endpoint_disabled');
  });

  it('shows the attempts with herald tail and the messages they belong to', async () => {
    const tail = await pollUntil(
      async () => {
        const { stdout } = await herald('tail', '--limit', '50');
        return stdout.includes('FAIL 500') && stdout;
      },
      { what: 'the failed test in the tail' },
    );
    expect(tail).toMatch(/ok {3}204 .* message_created /);
    const messages = await api('ingest', 'GET', '/v1/messages?eventType=AgentLog');
    const [message] = messages.body.data as { id: string; payload: string; body: string }[];
    expect(message!.body).toMatch(/^\{"event":"AgentLog","date":/);
    expect(message!.payload).toBe(
      JSON.stringify(catalogs.get('contact-center')!.find((e) => e.name === 'AgentLog')!.example),
    );
    const deliveries = await api('health-monitor', 'GET', `/v1/messages/${message!.id}/deliveries`);
    expect(deliveries.body.data).toEqual([
      expect.objectContaining({
        endpointId: endpoints.get('contact-center')!.id,
        status: 'delivered',
      }),
    ]);
  });
});
