import { describe, expect, it } from '@jest/globals';
import type { ApiRoute } from '@herald/http-api';
import { ingressPaths } from './ingress-manifest.js';

const route = (method: string, path: string, service: string): ApiRoute => ({
  method,
  path,
  service,
  operationId: `${method} ${path}`,
});

describe('ingressPaths', () => {
  const routes = [
    route('GET', '/v1/tenants', 'registry'),
    route('GET', '/v1/tenants/{id}', 'registry'),
    route('GET', '/v1/endpoints', 'registry'),
    route('GET', '/v1/endpoints/{id}', 'registry'),
    route('GET', '/v1/endpoints/{id}/attempts', 'health-monitor'),
    route('POST', '/v1/endpoints/{id}/recover', 'dispatcher'),
  ];

  it('sends a one-service collection straight to it, a shared one to the gateway', () => {
    expect(ingressPaths(routes)).toEqual([
      { path: '/', pathType: 'Prefix', service: 'gateway' },
      { path: '/v1/endpoints', pathType: 'Exact', service: 'registry' },
      { path: '/v1/endpoints', pathType: 'Prefix', service: 'gateway' },
      { path: '/v1/tenants', pathType: 'Prefix', service: 'registry' },
    ]);
  });

  it('keeps a literal path shared by two services (by method) at the gateway', () => {
    const split = [...routes, route('POST', '/v1/endpoints', 'ingest')];
    expect(ingressPaths(split).filter((p) => p.path === '/v1/endpoints')).toEqual([
      { path: '/v1/endpoints', pathType: 'Prefix', service: 'gateway' },
    ]);
  });
});
