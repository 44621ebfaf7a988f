import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as AlertingPaths } from './generated/alerting.js';
import type { paths as DispatcherPaths } from './generated/dispatcher.js';
import type { paths as HealthMonitorPaths } from './generated/health-monitor.js';
import type { paths as IngestPaths } from './generated/ingest.js';
import type { paths as RegistryPaths } from './generated/registry.js';

export type { AlertingPaths, DispatcherPaths, HealthMonitorPaths, IngestPaths, RegistryPaths };
export type { components as RegistryComponents } from './generated/registry.js';
export type { components as IngestComponents } from './generated/ingest.js';
export type { components as DispatcherComponents } from './generated/dispatcher.js';
export type { components as HealthMonitorComponents } from './generated/health-monitor.js';
export type { components as AlertingComponents } from './generated/alerting.js';

export type HeraldService = 'registry' | 'ingest' | 'dispatcher' | 'health-monitor' | 'alerting';

export interface HeraldClientOptions {
  /**
   * Base URL of each service (`http://127.0.0.1:8081`), or one URL for all
   * of them (a gateway in front of the five).
   */
  baseUrl: string | Record<HeraldService, string>;
  /** Tenant API key (`hrld_…`) or, for operator routes, the admin token. */
  token?: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

/** One typed client per service: paths, parameters, bodies and answers as the OpenAPI says. */
export interface HeraldClient {
  registry: Client<RegistryPaths>;
  ingest: Client<IngestPaths>;
  dispatcher: Client<DispatcherPaths>;
  healthMonitor: Client<HealthMonitorPaths>;
  alerting: Client<AlertingPaths>;
}

/**
 * A typed client of Herald's REST API, generated from the committed OpenAPI
 * with openapi-typescript and served by openapi-fetch: each call returns
 * `{ data, error, response }`, `error` being Herald's error body.
 *
 *   const herald = createHeraldClient({ baseUrl: urls, token: apiKey });
 *   const { data } = await herald.registry.POST('/v1/endpoints', { body: { url, eventTypes } });
 */
export function createHeraldClient(options: HeraldClientOptions): HeraldClient {
  const base = (service: HeraldService) =>
    typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl[service];
  const auth: Middleware = {
    onRequest({ request }) {
      if (options.token) request.headers.set('authorization', `Bearer ${options.token}`);
      return request;
    },
  };
  const make = <Paths extends object>(service: HeraldService): Client<Paths> => {
    const client = createClient<Paths>({
      baseUrl: base(service),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    client.use(auth);
    return client;
  };
  return {
    registry: make<RegistryPaths>('registry'),
    ingest: make<IngestPaths>('ingest'),
    dispatcher: make<DispatcherPaths>('dispatcher'),
    healthMonitor: make<HealthMonitorPaths>('health-monitor'),
    alerting: make<AlertingPaths>('alerting'),
  };
}
