import { pathSegments, type ApiRoute } from '@herald/http-api';

/**
 * The Kubernetes Ingress of the one API address, from the same route table
 * as the gateway. An Ingress path matches by prefix or exactly, never by
 * template or method, so:
 *
 * - a collection whose routes all belong to one service (`/v1/tenants`,
 *   `/v1/dead-letters`) goes straight to that service (`Prefix`);
 * - a collection shared by several services (`/v1/endpoints/{id}` is the
 *   registry's, `/v1/endpoints/{id}/attempts` the health-monitor's) goes to
 *   the gateway, which tells them apart; its literal paths that one service
 *   serves alone (`/v1/endpoints`) still go straight there (`Exact` wins
 *   over a `Prefix` of the same length);
 * - everything else (`/`) goes to the gateway: the portal, and Herald's 404
 *   for what no service serves.
 *
 * Backends name each Service by the app's name and its port `http`.
 */
export const GATEWAY_SERVICE = 'gateway';

export interface IngressPath {
  path: string;
  pathType: 'Exact' | 'Prefix';
  service: string;
}

export function ingressPaths(routes: readonly ApiRoute[]): IngressPath[] {
  const groups = new Map<string, ApiRoute[]>();
  for (const route of routes) {
    const prefix = `/${route.path.split('/').filter(Boolean).slice(0, 2).join('/')}`;
    groups.set(prefix, [...(groups.get(prefix) ?? []), route]);
  }
  const paths: IngressPath[] = [];
  for (const [prefix, members] of groups) {
    if (pathSegments(prefix).includes(null)) {
      throw new Error(`${prefix}: a collection must start with two literal segments`);
    }
    const services = new Set(members.map((route) => route.service));
    const [only] = services;
    if (services.size === 1 && only) {
      paths.push({ path: prefix, pathType: 'Prefix', service: only });
      continue;
    }
    paths.push({ path: prefix, pathType: 'Prefix', service: GATEWAY_SERVICE });
    const literal = new Map<string, Set<string>>();
    for (const route of members) {
      if (pathSegments(route.path).includes(null)) continue;
      literal.set(route.path, (literal.get(route.path) ?? new Set()).add(route.service));
    }
    for (const [path, owners] of literal) {
      const [owner] = owners;
      if (owners.size === 1 && owner) paths.push({ path, pathType: 'Exact', service: owner });
    }
  }
  paths.push({ path: '/', pathType: 'Prefix', service: GATEWAY_SERVICE });
  return paths.sort((a, b) => a.path.localeCompare(b.path) || a.pathType.localeCompare(b.pathType));
}

/** The whole object, as committed in deploy/k8s/base/ingress.yaml. */
export function ingressManifest(routes: readonly ApiRoute[]) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'herald-api', labels: { 'app.kubernetes.io/part-of': 'herald' } },
    spec: {
      rules: [
        {
          http: {
            paths: ingressPaths(routes).map(({ path, pathType, service }) => ({
              path,
              pathType,
              // The Kubernetes Services of deploy/k8s are named `herald-<service>`.
              backend: { service: { name: `herald-${service}`, port: { name: 'http' } } },
            })),
          },
        },
      ],
    },
  };
}
