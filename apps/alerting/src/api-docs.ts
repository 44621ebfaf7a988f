import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadAlertingConfig } from './config.js';

/** What alerting's OpenAPI document says (`/docs`, `docs/api/alerting.openapi.json`). */
export const ALERTING_API: ApiDocsInfo = {
  service: 'alerting',
  title: 'Herald alerting API',
  description:
    'Alerting delivers alerts — failing and exhausted deliveries, paused, disabled and ' +
    'recovered endpoints, warnings before a disable, tests — to webhook destinations: each ' +
    "tenant's own, and one for the platform's operators. Alerts are signed like webhooks " +
    '(Standard Webhooks, keyed by the destination token) and carry the token as ' +
    '`Authorization: Bearer`. Payloads of every kind: docs/operations.md.',
  version: packageVersion(import.meta.url),
  apiKeyRateLimit: true,
  tags: [
    { name: 'alert destinations', description: 'Where alerts go, and testing them.' },
    { name: 'alerts', description: 'What was alerted and where it was delivered.' },
    PROBES_TAG,
  ],
};

/** For `pnpm openapi`: the default configuration (no alert destination). */
export const alertingApiDocs: ServiceApiDocs = {
  info: ALERTING_API,
  port: loadAlertingConfig({ HERALD_DEV_MODE: 'true' }).HERALD_ALERTING_PORT,
  module: () => AppModule.forRoot(loadAlertingConfig({ HERALD_DEV_MODE: 'true' })),
};
