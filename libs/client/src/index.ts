import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/herald.js';
import type { ServicePaths } from './generated/services.js';

/** Every route of every service, and every schema, as the merged OpenAPI document types them. */
export type { components as HeraldComponents, paths as HeraldPaths };
export type RegistryPaths = ServicePaths<'registry'>;
export type IngestPaths = ServicePaths<'ingest'>;
export type DispatcherPaths = ServicePaths<'dispatcher'>;
export type HealthMonitorPaths = ServicePaths<'health-monitor'>;
export type AlertingPaths = ServicePaths<'alerting'>;
/** The schemas are the same in every service's document; these names say which one a caller reads. */
export type RegistryComponents = components;
export type IngestComponents = components;
export type DispatcherComponents = components;
export type HealthMonitorComponents = components;
export type AlertingComponents = components;

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
