import { serviceApiDocs, serviceApiInfo } from '@herald/service';
import { AppModule } from './app.module.js';
import { loadAlertingConfig } from './config.js';

export const ALERTING_API = serviceApiInfo(import.meta.url, {
  service: 'alerting',
  title: 'Herald alerting API',
  description:
    'Alerting delivers alerts — failing and exhausted deliveries, paused, disabled and ' +
    'recovered endpoints, warnings before a disable, tests — to webhook destinations: each ' +
    "tenant's own, and one for the platform's operators. Alerts are signed like webhooks " +
    '(Standard Webhooks, keyed by the destination token) and carry the token as ' +
    '`Authorization: Bearer`. Payloads of every kind: docs/operations.md.',
  tags: [
    { name: 'alert destinations', description: 'Where alerts go, and testing them.' },
    { name: 'alerts', description: 'What was alerted and where it was delivered.' },
  ],
});

/** For `pnpm openapi`: the default configuration (no alert destination). */
export const alertingApiDocs = serviceApiDocs(
  ALERTING_API,
  loadAlertingConfig({ HERALD_DEV_MODE: 'true' }),
  (config) => config.HERALD_ALERTING_PORT,
  (config) => AppModule.forRoot(config),
);
