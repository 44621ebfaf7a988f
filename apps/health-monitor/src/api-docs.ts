import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadHealthMonitorConfig } from './config.js';

/** What the health-monitor's OpenAPI document says (`/docs`, `docs/api/health-monitor.openapi.json`). */
export const HEALTH_MONITOR_API: ApiDocsInfo = {
  service: 'health-monitor',
  title: 'Herald health-monitor API',
  description:
    "The attempt log and each endpoint's health, for the API key's tenant: every HTTP attempt " +
    'the dispatchers made, and the 24 h histogram, response times, latest errors and state ' +
    'computed from them. Prometheus metrics at `/metrics` (see docs/operations.md).',
  version: packageVersion(import.meta.url),
  apiKeyRateLimit: true,
  tags: [
    { name: 'attempts', description: 'What happened to each delivery attempt.' },
    { name: 'health', description: 'How an endpoint is doing, and its health settings.' },
    PROBES_TAG,
  ],
};

/** For `pnpm openapi`: the default configuration. */
export const healthMonitorApiDocs: ServiceApiDocs = {
  info: HEALTH_MONITOR_API,
  port: loadHealthMonitorConfig({}).HERALD_HEALTH_MONITOR_PORT,
  module: () => AppModule.forRoot(loadHealthMonitorConfig({})),
};
