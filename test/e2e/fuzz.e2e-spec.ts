import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { pollUntil, REPO_ROOT, SERVICE_NAMES, TestStack, type ServiceName } from '@herald/testing';

/**
 * Seeded fuzzing of every edge a client reaches, through the five services as
 * processes: random strings in every route's path and query parameters (the
 * routes come from the committed OpenAPI documents), random bytes, JSON and
 * headers at `POST /v1/events`, random bytes and headers on the NATS ingest
 * subject. No answer may be a 5xx, no service may exit, ingest must end every
 * message (nothing left un-acked), and a valid event sent afterwards is
 * still delivered. The seed makes a failure reproducible; the run counts keep
 * it to about a minute.
 */
const SEED = 20_261_202;
const ADMIN_TOKEN = 'e2e-admin-token-fuzz-0123456789';

interface Route {
  service: ServiceName;
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  adminOnly: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  security?: Record<string, unknown>[];
}

function routesOf(service: ServiceName): Route[] {
  const document = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'docs', 'api', `${service}.openapi.json`), 'utf8'),
  ) as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
      return {
        service,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        adminOnly: schemes.length > 0 && !schemes.includes('apiKey'),
      };
    }),
  );
}

/** A random string as a URL component: percent-encoded text, or raw percent-encoded bytes. */
const urlComponent = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?'));
    }
  }),
  fc
    .uint8Array({ maxLength: 40 })
    .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('%00', '..', '%2e%2e%2f', '0', '-1', '99999999999999999999', 'null', '%ff%fe'),
);

describe('fuzzing every client edge', () => {
  const stack = new TestStack({
    prefix: 'fuzz',
    adminToken: ADMIN_TOKEN,
    connectNats: true,
    env: (receiver) => ({
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: 'e2e-alert-token-fuzz',
      // Fuzzed events for types the catalog lacks are refused after this, not after 10 s.
      HERALD_UNKNOWN_TENANT_GRACE: '1s',
      LOG_LEVEL: 'error',
    }),
  });
  const { receiver, ns } = stack;
  let js: JetStreamClient;
  const statuses = new Map<number, number>();

  const send = async (
    service: ServiceName,
    method: string,
    route: string,
    init: { token?: string; body?: Uint8Array | string; headers?: Record<string, string> } = {},
  ): Promise<number> => {
    const response = await fetch(`${stack.url(service)}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${init.token ?? stack.apiKey}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response.status;
  };

  beforeAll(async () => {
    await stack.start();
    js = jetstream(stack.nc);
    await stack.tenant('fuzzed', ['ping']);
    await stack.endpoint('/hook', { eventTypes: ['*'] });
  }, 180_000);

  afterAll(() => stack.stop());

  it('answers every random path and query parameter of every route with less than 500', async () => {
    const routes = SERVICE_NAMES.flatMap(routesOf).filter(
      (r) => r.pathParams.length > 0 || r.queryParams.length > 0,
    );
    expect(new Set(routes.map((r) => r.service)).size).toBe(5);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(urlComponent, { minLength: 2, maxLength: 2 }),
        fc.array(urlComponent, { minLength: 8, maxLength: 8 }),
        async (route, pathValues, queryValues) => {
          let url = route.template;
          route.pathParams.forEach((name, i) => {
            url = url.replace(`{${name}}`, pathValues[i]!);
          });
          const query = route.queryParams.map((name, i) => `${name}=${queryValues[i]!}`).join('&');
          if (query !== '') url = `${url}?${query}`;
          const token = route.adminOnly ? ADMIN_TOKEN : stack.apiKey;
          const status = await send(route.service, route.method, url, {
            token,
            ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: '{}' } : {}),
          });
          if (status >= 500) failures.push(`${status} ${route.method} ${route.service}${url}`);
          return status < 500;
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('answers random bodies and headers at POST /v1/events with less than 500', async () => {
    const contentTypes = [
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
    ];
    const encodings = ['identity', 'gzip', 'deflate', 'br', 'x-unknown'];
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      fc
        .record(
          {
            type: fc.oneof(fc.constant('ping'), fc.string({ unit: 'binary', maxLength: 40 })),
            payload: fc.jsonValue({ maxDepth: 6 }),
            id: fc.string({ unit: 'binary', maxLength: 300 }),
            channel: fc.string({ unit: 'binary', maxLength: 200 }),
            version: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
          },
          { requiredKeys: ['type', 'payload'] },
        )
        .map((event) => JSON.stringify(event)),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom(...contentTypes),
        fc.constantFrom(...encodings),
        async (payload, contentType, encoding) => {
          const status = await send('ingest', 'POST', '/v1/events', {
            body: payload,
            headers: { 'content-type': contentType, 'content-encoding': encoding },
          });
          return status < 500;
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  }, 180_000);

  it('ends every random NATS message, and still delivers a valid event afterwards', async () => {
    const headerNames = [
      'Herald-Idempotency-Key',
      'Herald-Channel',
      'Herald-Event-Version',
      'Herald-Target-Endpoint',
      'Nats-Msg-Id',
    ];
    let published = 0;
    let unsendable = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2_000 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.dictionary(
          fc.constantFrom(...headerNames),
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        fc.oneof(fc.constant('ping'), fc.stringMatching(/^[A-Za-z0-9_:-]{1,20}$/)),
        async (payload, headers, eventType) => {
          const h = natsHeaders();
          try {
            for (const [name, value] of Object.entries(headers)) h.set(name, value);
          } catch {
            // The client refuses some header values (line breaks); they never reach the server.
            unsendable += 1;
            return true;
          }
          await js.publish(ns.ingestSubject(stack.tenantId, eventType), payload, { headers: h });
          published += 1;
          return true;
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    // Every fuzzed message is ended (stored or refused), none is left retrying.
    const jsm = await jetstreamManager(stack.nc);
    await pollUntil(
      async () => {
        const info = await jsm.consumers.info(ns.stream('ingest'), ns.consumer('ingest', 'ingest'));
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { what: 'ingest ended every fuzzed message', timeoutMs: 60_000, intervalMs: 250 },
    );
    for (const name of SERVICE_NAMES) {
      expect((await fetch(`${stack.url(name)}/healthz`)).status).toBe(200);
    }
    const before = receiver.on('/hook').length;
    expect(
      await send('ingest', 'POST', '/v1/events', {
        body: JSON.stringify({ type: 'ping', id: 'after-fuzz', payload: { after: 'fuzz' } }),
      }),
    ).toBe(202);
    await pollUntil(
      () =>
        receiver
          .on('/hook')
          .slice(before)
          .some((r) => r.body === '{"after":"fuzz"}'),
      { what: 'the valid event after fuzzing', timeoutMs: 30_000 },
    );
    console.log(
      `fuzz (seed ${SEED}): HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `NATS: ${published} published, ${unsendable} refused by the client`,
    );
  }, 180_000);
});
