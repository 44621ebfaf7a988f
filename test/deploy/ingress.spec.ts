import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { OpenAPIObject } from '@nestjs/swagger';
import { matchingRoutes, routeTable } from '@herald/http-api';
import { renderIngress } from '../../apps/gateway/src/ingress/render-ingress.js';

/**
 * deploy/k8s/base/ingress.yaml against the route table it is generated
 * from (docs/api/herald.openapi.json): it is exactly what `pnpm ingress`
 * writes now, and resolving any operation's path the way an Ingress does
 * (longest matching path; Exact before Prefix) reaches the service the
 * route table names — or the gateway, which routes by template and method.
 */
const root = path.resolve(import.meta.dirname, '../..');
const document = JSON.parse(
  readFileSync(path.join(root, 'docs/api/herald.openapi.json'), 'utf8'),
) as OpenAPIObject;
const routes = routeTable(document);
const committed = readFileSync(path.join(root, 'deploy/k8s/base/ingress.yaml'), 'utf8');

interface Rule {
  path: string;
  pathType: 'Exact' | 'Prefix';
  backend: { service: { name: string; port: { name: string } } };
}

/** Kubernetes' matching: Exact equality, or Prefix by whole segments; the longest path wins. */
function resolve(rules: Rule[], requestPath: string): string | undefined {
  const matches = rules.filter((rule) =>
    rule.pathType === 'Exact'
      ? rule.path === requestPath
      : rule.path === '/' ||
        requestPath === rule.path ||
        requestPath.startsWith(`${rule.path.replace(/\/$/, '')}/`),
  );
  matches.sort(
    (a, b) =>
      b.path.length - a.path.length ||
      (a.pathType === 'Exact' ? -1 : 0) - (b.pathType === 'Exact' ? -1 : 0),
  );
  // deploy/k8s names each Service `herald-<service>`.
  return matches[0]?.backend.service.name.replace(/^herald-/, '');
}

describe('deploy/k8s/base/ingress.yaml', () => {
  it('is what `pnpm ingress` writes from docs/api/herald.openapi.json now', () => {
    if (committed !== renderIngress(routes)) {
      throw new Error('deploy/k8s/base/ingress.yaml is stale: run `pnpm ingress` and commit it');
    }
  });

  const rules = (
    parse(committed) as { spec: { rules: { http: { paths: Rule[] } }[] } }
  ).spec.rules.flatMap((rule) => rule.http.paths);

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s reaches its service, directly or through the gateway',
    (_name, route) => {
      const concrete = route.path.replace(/\{[^}]+\}/g, 'x1');
      const backend = resolve(rules, concrete);
      if (backend === 'gateway') {
        // The gateway must then pick this route: no other template of another service matches.
        const owners = new Set(
          matchingRoutes(routes, concrete)
            .filter((other) => other.method === route.method)
            .map((other) => other.service),
        );
        expect([...owners]).toEqual([route.service]);
      } else {
        expect(backend).toBe(route.service);
      }
    },
  );

  it('sends what no service serves, and the portal, to the gateway (Herald’s 404)', () => {
    expect(resolve(rules, '/v1/nothing')).toBe('gateway');
    expect(resolve(rules, '/portal/index.html')).toBe('gateway');
    expect(rules.every((rule) => rule.backend.service.port.name === 'http')).toBe(true);
  });
});
