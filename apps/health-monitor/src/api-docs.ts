import { serviceApiDocs, serviceApiInfo } from '@herald/service';
import { AppModule } from './app.module.js';
import { loadHealthMonitorConfig } from './config.js';

export const HEALTH_MONITOR_API = serviceApiInfo(import.meta.url, {
  service: 'health-monitor',
  title: 'Herald health-monitor API',
  description:
    "The attempt log and each endpoint's health, for the API key's tenant: every HTTP attempt " +
    'the dispatchers made, and the 24 h histogram, response times, latest errors and state ' +
    'computed from them. Prometheus metrics at `/metrics` (see docs/operations.md).',
  tags: [
    { name: 'attempts', description: 'What happened to each delivery attempt.' },
    { name: 'health', description: 'How an endpoint is doing, and its health settings.' },
  ],
});

/** For `pnpm openapi`: the default configuration. */
export const healthMonitorApiDocs = serviceApiDocs(
  HEALTH_MONITOR_API,
  loadHealthMonitorConfig({}),
  (config) => config.HERALD_HEALTH_MONITOR_PORT,
  (config) => AppModule.forRoot(config),
);
