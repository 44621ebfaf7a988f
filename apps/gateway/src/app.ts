import { readFileSync } from 'node:fs';
import replyFrom from '@fastify/reply-from';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { matchingRoutes, routeTable, type ApiRoute, type ErrorBody } from '@herald/http-api';
import { createMetricsRegistry } from '@herald/observability';
import type { OpenAPIObject } from '@nestjs/swagger';
import { upstreams, type GatewayConfig } from './config.js';
import { redactPortalToken } from './portal/portal-csp.js';
import { registerPortal, PORTAL_PREFIX } from './portal/portal-site.js';
import { GatewayMetrics } from './proxy/gateway-metrics.js';
import { upstreamFailure } from './proxy/upstream-failure.js';

/**
 * The one API address. Every route of the merged OpenAPI document is
 * forwarded, unchanged (bodies are streamed, never parsed), to the service
 * its `x-herald-services` names, by @fastify/reply-from; the router (find-my-way)
 * prefers literal segments over parameters, so the more specific path wins.
 * What no service serves gets a 404 (405 for a known path with another method),
 * an upstream that does not answer a 503/504/502, all in Herald's error shape.
 * The gateway answers its own `/healthz`, `/readyz` and `/metrics`, and serves
 * `HERALD_PORTAL_DIR` at `/portal/` when it is set, with a CSP framed by the
 * tenant's portal settings (see `portal/portal-site.ts`).
 */
export interface Gateway {
  app: FastifyInstance;
  routes: ApiRoute[];
}

const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message, details: [] },
});

/** `/v1/endpoints/{id}` → `/v1/endpoints/:id` (find-my-way's syntax). */
export const routerPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function loadRouteTable(file: string): ApiRoute[] {
  return routeTable(JSON.parse(readFileSync(file, 'utf8')) as OpenAPIObject);
}

export async function createGateway(config: GatewayConfig): Promise<Gateway> {
  const routes = loadRouteTable(config.HERALD_GATEWAY_OPENAPI);
  const bases = upstreams(config);
  const registry = createMetricsRegistry('gateway');
  const metrics = new GatewayMetrics(registry);

  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      // Portal links carry their session token in the query string: never log it.
      serializers: {
        req: (request: { method: string; url: string; host?: string; ip?: string }) => ({
          method: request.method,
          url: redactPortalToken(request.url),
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Forwarded bodies stay streams: the services parse (and limit) them, byte for byte.
    bodyLimit: Number.MAX_SAFE_INTEGER,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.addHook('onResponse', (request, reply, done) => {
    const upstream = (request.routeOptions.config as { upstream?: string }).upstream ?? 'gateway';
    metrics.requests.inc({ upstream, code: `${Math.floor(reply.statusCode / 100)}xx` });
    metrics.duration.observe({ upstream }, reply.elapsedTime / 1000);
    done();
  });

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', () => ({
    status: 'ok',
    info: { routes: { status: 'up', count: routes.length } },
  }));
  app.get('/metrics', async (_request, reply) => {
    void reply.type(registry.contentType);
    return registry.metrics();
  });

  for (const [service, base] of Object.entries(bases)) {
    const own = routes.filter((route) => route.service === service);
    if (own.length === 0) continue;
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        base,
        undici: { connectTimeout: 5_000, headersTimeout: config.HERALD_GATEWAY_UPSTREAM_TIMEOUT },
      });
      for (const route of own) {
        scope.route({
          method: route.method,
          url: routerPath(route.path),
          config: { upstream: service },
          handler: (_request, reply) =>
            reply.from(undefined, {
              timeout: config.HERALD_GATEWAY_UPSTREAM_TIMEOUT,
              rewriteRequestHeaders: (request, headers) => ({
                ...headers,
                'x-forwarded-for': [headers['x-forwarded-for'], request.ip]
                  .filter(Boolean)
                  .join(', '),
                'x-forwarded-host': headers['x-forwarded-host'] ?? request.host,
                'x-forwarded-proto': headers['x-forwarded-proto'] ?? request.protocol,
              }),
              onError: (failed, { error }) => {
                const failure = upstreamFailure(service, error);
                metrics.upstreamFailures.inc({
                  upstream: service,
                  reason: failure.body.error.code,
                });
                failed.request.log.warn(
                  { upstream: service, status: failure.status },
                  'upstream failed',
                );
                void failed.code(failure.status).send(failure.body);
              },
            }),
        });
      }
    });
  }

  const portalPage = config.HERALD_PORTAL_DIR
    ? await registerPortal(app, {
        dir: config.HERALD_PORTAL_DIR,
        registryUrl: config.HERALD_REGISTRY_URL,
        timeoutMs: 5_000,
      })
    : null;

  app.setNotFoundHandler((request, reply) => notFound(request.method, request.url, reply));
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error(error);
    const body =
      status >= 500
        ? errorBody('internal', 'internal error')
        : errorBody(status === 404 ? 'not_found' : 'bad_request', error.message);
    return reply.code(status).send(body);
  });

  function notFound(method: string, url: string, reply: FastifyReply) {
    const path = url.split('?')[0] ?? url;
    if (portalPage && method === 'GET' && path.startsWith(PORTAL_PREFIX) && !/\.\w+$/.test(path)) {
      // A client-side route of the portal: its page, which routes itself.
      return portalPage(reply.request, reply);
    }
    const allowed = [...new Set(matchingRoutes(routes, path).map((route) => route.method))];
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(
          errorBody(
            'method_not_allowed',
            `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
          ),
        );
    }
    return reply
      .code(404)
      .send(errorBody('route_not_found', `no Herald API route answers ${method} ${path}`));
  }

  return { app, routes };
}

export async function startGateway(config: GatewayConfig): Promise<Gateway> {
  const gateway = await createGateway(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void gateway.app.close().then(() => process.exit(0));
    });
  }
  const address = await gateway.app.listen({
    host: config.HERALD_HOST,
    port: config.HERALD_GATEWAY_PORT,
  });
  gateway.app.log.info(`gateway listening on ${address}: ${gateway.routes.length} routes`);
  return gateway;
}
