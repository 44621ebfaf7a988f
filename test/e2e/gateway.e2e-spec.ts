import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { routeTable, type ApiRoute } from '@herald/http-api';
import { pollUntil, REPO_ROOT, SERVICE_NAMES, TestStack } from '@herald/testing';

/**
 * The one API address, through the real services: every operation of the
 * merged OpenAPI document (docs/api/herald.openapi.json) answers through the
 * gateway exactly as the service it names answers directly — and no other
 * service has that route, so the gateway must pick the right one. Real calls
 * that span the services sharing `/v1/endpoints/{id}/…`, a body forwarded
 * byte for byte, a clear 404 for what no service serves, and a 503 (not a
 * hang) when a service is down.
 */
const ADMIN_TOKEN = 'e2e-gateway-admin-token-7a41c0';
const merged = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'docs/api/herald.openapi.json'), 'utf8'),
) as OpenAPIObject;
const ROUTES = routeTable(merged);
const SOME_ID = '00000000-0000-4000-8000-000000000000';

interface Answer {
  status: number;
  body: unknown;
}

async function call(base: string, route: ApiRoute, token?: string): Promise<Answer> {
  const url = base + route.path.replace(/\{[^}]+\}/g, SOME_ID);
  const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const response = await fetch(url, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(withBody ? { body: '{}' } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

describe('the gateway', () => {
  const stack = new TestStack({ prefix: 'gw', adminToken: ADMIN_TOKEN, gateway: true });
  const { receiver } = stack;
  let gateway: string;
  /** A call through the gateway; the body is sent as it is. */
  const api = (method: string, route: string, token: string, body?: string) =>
    stack.api('gateway', method, route, body, token);

  beforeAll(async () => {
    await stack.start();
    gateway = stack.gateway;
  }, 180_000);

  afterAll(() => stack.stop());

  it('has a route for every operation of the merged document but the per-process ones', () => {
    // Probes and the quarantine (`GET /v1/quarantine`) are answered by every
    // process for itself (several services in `x-herald-services`): an
    // operator asks each service's own port, never the gateway.
    const perProcess = (operation: unknown) =>
      ((operation as Record<string, unknown>)['x-herald-services'] as unknown[]).length > 1;
    const operations = Object.entries(merged.paths).flatMap(([p, item]) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const)
        .filter((m) => item[m] && !['/healthz', '/readyz', '/metrics'].includes(p))
        .filter((m) => !perProcess(item[m]))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(operations).not.toContain('GET /v1/quarantine');
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(operations.sort());
    expect(merged.servers).toHaveLength(1);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s reaches its service and only that one has it',
    async (_name, route) => {
      const direct = await call(stack.url(route.service), route);
      expect(direct.status).not.toBe(404);
      expect(await call(gateway, route)).toEqual(direct);
      for (const other of SERVICE_NAMES.filter((name) => name !== route.service)) {
        expect({ other, status: (await call(stack.url(other), route)).status }).toEqual({
          other,
          status: 404,
        });
      }
    },
  );

  it('serves a tenant across the services that share /v1/endpoints/{id}/…, bodies unparsed', async () => {
    const tenant = await api('POST', '/v1/tenants', ADMIN_TOKEN, '{"name":"gateway-co"}');
    expect(tenant.status).toBe(201);
    const key = tenant.body.apiKey as string;
    const types = await api(
      'POST',
      '/v1/event-types/import',
      key,
      '{"eventTypes":[{"name":"order.paid"}]}',
    );
    expect(types.status).toBe(200);
    const endpoint = await api(
      'POST',
      '/v1/endpoints',
      key,
      JSON.stringify({ url: receiver.url('/orders'), eventTypes: ['order.paid'] }),
    );
    expect(endpoint.status).toBe(201);
    const id = endpoint.body.id as string;
    expect((await api('GET', `/v1/endpoints/${id}`, key)).body.id).toBe(id); // registry
    const health = await api('GET', `/v1/endpoints/${id}/health`, key); // health-monitor
    expect(health.status).toBe(200);

    // The gateway streams bodies and never parses them: the service judges them itself.
    const malformed = await api('POST', '/v1/events', key, '{"type":"order.paid",');
    expect(malformed.status).toBe(400);
    expect((malformed.body.error as { code: string }).code).toBe('malformed_json');

    const payload = '{"b":1,"a":[2,1]}';
    await pollUntil(
      async () =>
        (
          await api(
            'POST',
            '/v1/events',
            key,
            `{"type":"order.paid","id":"gw-1","payload":${payload}}`,
          )
        ).status === 202,
      { what: 'ingest accepts the event through the gateway' },
    );
    await pollUntil(() => receiver.on('/orders').length > 0, { what: 'the delivery' });
    expect(receiver.on('/orders')[0]?.body).toBe(payload);
    await pollUntil(
      async () => {
        const attempts = await api('GET', `/v1/endpoints/${id}/attempts`, key);
        return (attempts.body.data as unknown[] | undefined)?.length === 1;
      },
      { what: 'the attempt log through the gateway' },
    );
  });

  it('answers what no service serves with 404 route_not_found, a wrong method with 405', async () => {
    const unknown = await fetch(`${gateway}/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        code: 'route_not_found',
        message: 'no Herald API route answers GET /v1/nothing-here',
        details: [],
      },
    });
    const wrong = await fetch(`${gateway}/v1/endpoints/${SOME_ID}/attempts`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
      'method_not_allowed',
    );
  });

  it('answers 503 upstream_unavailable at once when the service behind a route is down', async () => {
    await stack.platform.stopService('alerting');
    const started = Date.now();
    const response = await fetch(`${gateway}/v1/alerts`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_unavailable',
        message: 'the alerting service is not reachable; try again shortly',
        details: [],
      },
    });
    // The other services still answer through it.
    expect((await fetch(`${gateway}/v1/me`)).status).toBe(401);
  });
});
