import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './api-document.js';
import { SERVICES_EXTENSION, type MergedOperation } from './merge-documents.js';

/**
 * The API's route table, read from the merged OpenAPI document: which
 * service answers each method and path. It is the one source of the
 * gateway's routes and of the Kubernetes Ingress. Operations that every
 * service serves (`/healthz`, `/readyz`, `/metrics`) are per process, not
 * routes: each process, the gateway included, answers them itself.
 */
export interface ApiRoute {
  /** Upper case: `GET`. */
  method: string;
  /** OpenAPI template: `/v1/endpoints/{id}/attempts`. */
  path: string;
  service: string;
  operationId: string;
}

export function routeTable(document: OpenAPIObject): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const services: unknown = (operation as MergedOperation)[SERVICES_EXTENSION];
      if (!Array.isArray(services) || services.length === 0) {
        throw new Error(
          `${method.toUpperCase()} ${path} names no service in ${SERVICES_EXTENSION}`,
        );
      }
      if (services.length > 1) continue;
      routes.push({
        method: method.toUpperCase(),
        path,
        service: String(services[0]),
        operationId: operation.operationId ?? `${method} ${path}`,
      });
    }
  }
  return routes.sort(bySpecificity);
}

/** Path segments; a `{param}` segment is null. */
export const pathSegments = (path: string): (string | null)[] =>
  path
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment));

/**
 * More specific first: segment by segment a literal comes before a
 * parameter (literals alphabetically), and a path before its own prefix. A
 * router that tries routes in this order picks `/v1/dead-letters/replay`
 * before `/v1/dead-letters/{id}`, and `/v1/endpoints/{id}/attempts` before
 * `/v1/endpoints/{id}`.
 */
export function bySpecificity(a: { path: string }, b: { path: string }): number {
  const left = pathSegments(a.path);
  const right = pathSegments(b.path);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const [l, r] = [left[i] ?? null, right[i] ?? null];
    if (l === r) continue;
    if (l === null || r === null) return l === null ? 1 : -1;
    return l < r ? -1 : 1;
  }
  return right.length - left.length;
}

/** The routes whose template matches a concrete path (most specific first), for any method. */
export function matchingRoutes(routes: readonly ApiRoute[], path: string): ApiRoute[] {
  const actual = path.split('/').filter(Boolean);
  return routes.filter((route) => {
    const template = pathSegments(route.path);
    return (
      template.length === actual.length &&
      template.every((segment, i) => segment === null || segment === actual[i])
    );
  });
}
