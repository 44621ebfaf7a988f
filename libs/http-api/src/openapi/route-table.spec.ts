import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SERVICES_EXTENSION } from './merge-documents.js';
import { bySpecificity, matchingRoutes, routeTable } from './route-table.js';

const operation = (operationId: string, services: string[]) => ({
  operationId,
  responses: {},
  [SERVICES_EXTENSION]: services,
});

const document = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/healthz': { get: operation('getHealthz', ['ingest', 'registry']) },
    '/v1/endpoints/{id}': {
      get: operation('getEndpoint', ['registry']),
      delete: operation('deleteEndpoint', ['registry']),
    },
    '/v1/endpoints/{id}/attempts': { get: operation('listAttempts', ['health-monitor']) },
    '/v1/dead-letters/{id}': { get: operation('getDeadLetter', ['dispatcher']) },
    '/v1/dead-letters/replay': { post: operation('replay', ['dispatcher']) },
    '/v1/endpoints': { get: operation('listEndpoints', ['registry']) },
  },
} as unknown as OpenAPIObject;

describe('routeTable', () => {
  it('maps each method and path to the one service that serves it, most specific first', () => {
    expect(routeTable(document).map((r) => `${r.method} ${r.path} ${r.service}`)).toEqual([
      'POST /v1/dead-letters/replay dispatcher',
      'GET /v1/dead-letters/{id} dispatcher',
      'GET /v1/endpoints/{id}/attempts health-monitor',
      'GET /v1/endpoints/{id} registry',
      'DELETE /v1/endpoints/{id} registry',
      'GET /v1/endpoints registry',
    ]);
  });

  it('leaves out what every process answers itself', () => {
    expect(routeTable(document).some((r) => r.path === '/healthz')).toBe(false);
  });

  it('refuses an operation that names no service', () => {
    const broken = {
      ...document,
      paths: { '/v1/x': { get: { operationId: 'x', responses: {} } } },
    } as unknown as OpenAPIObject;
    expect(() => routeTable(broken)).toThrow('GET /v1/x names no service');
  });
});

describe('bySpecificity', () => {
  it('puts a literal segment before a parameter, and a path before its prefix', () => {
    const paths = ['/v1/a/{id}', '/v1/a', '/v1/a/{id}/b', '/v1/a/x', '/v1/{any}/b'];
    expect(
      paths
        .map((path) => ({ path }))
        .sort(bySpecificity)
        .map((r) => r.path),
    ).toEqual(['/v1/a/x', '/v1/a/{id}/b', '/v1/a/{id}', '/v1/a', '/v1/{any}/b']);
  });
});

describe('matchingRoutes', () => {
  it('finds the routes of a concrete path for any method, never a prefix', () => {
    const routes = routeTable(document);
    expect(matchingRoutes(routes, '/v1/endpoints/42').map((r) => r.method)).toEqual([
      'GET',
      'DELETE',
    ]);
    expect(matchingRoutes(routes, '/v1/endpoints/42/attempts')).toHaveLength(1);
    expect(matchingRoutes(routes, '/v1/endpoints/42/nothing')).toEqual([]);
  });
});
