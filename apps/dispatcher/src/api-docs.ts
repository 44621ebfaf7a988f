import { serviceApiDocs, serviceApiInfo } from '@herald/service';
import { AppModule } from './app.module.js';
import { loadDispatcherConfig } from './config.js';

export const DISPATCHER_API = serviceApiInfo(import.meta.url, {
  service: 'dispatcher',
  title: 'Herald dispatcher API',
  description:
    'Deliveries that gave up (dead letters) and the operator levers to replay them: bulk ' +
    "replay by filter and endpoint recovery, as paced, audited jobs. Scoped to the API key's tenant.",
  tags: [{ name: 'dead letters', description: 'Failed deliveries, kept until replayed.' }],
});

/** For `pnpm openapi`: the default configuration. */
export const dispatcherApiDocs = serviceApiDocs(
  DISPATCHER_API,
  loadDispatcherConfig({ HERALD_DEV_MODE: 'true' }),
  (config) => config.HERALD_DISPATCHER_PORT,
  (config) => AppModule.forRoot(config),
);
