import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadAlertingConfig } from './config.js';

/** What alerting's OpenAPI document says (`/docs`, `docs/api/alerting.openapi.json`). */
export const ALERTING_API: ApiDocsInfo = {
  service: 'alerting',
  title: 'Herald alerting API',
  description:
    'Alerting consumes alert signals from NATS and POSTs them to `HERALD_ALERT_WEBHOOK_URL`; ' +
    'its HTTP surface is the probes and metrics only.',
  version: packageVersion(import.meta.url),
  tags: [PROBES_TAG],
};

/** For `pnpm openapi`: the default configuration (no alert destination). */
export const alertingApiDocs: ServiceApiDocs = {
  info: ALERTING_API,
  port: loadAlertingConfig({}).HERALD_ALERTING_PORT,
  module: () => AppModule.forRoot(loadAlertingConfig({})),
};
