import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadDispatcherConfig } from './config.js';

/** What the dispatcher's OpenAPI document says (`/docs`, `docs/api/dispatcher.openapi.json`). */
export const DISPATCHER_API: ApiDocsInfo = {
  service: 'dispatcher',
  title: 'Herald dispatcher API',
  description:
    'Deliveries that gave up (dead letters) and the operator levers to replay them: bulk ' +
    "replay by filter and endpoint recovery, as paced, audited jobs. Scoped to the API key's tenant.",
  version: packageVersion(import.meta.url),
  apiKeyRateLimit: true,
  tags: [
    { name: 'dead letters', description: 'Failed deliveries, kept until replayed.' },
    PROBES_TAG,
  ],
};

/** For `pnpm openapi`: the default configuration. */
export const dispatcherApiDocs: ServiceApiDocs = {
  info: DISPATCHER_API,
  port: loadDispatcherConfig({ HERALD_DEV_MODE: 'true' }).HERALD_DISPATCHER_PORT,
  module: () => AppModule.forRoot(loadDispatcherConfig({ HERALD_DEV_MODE: 'true' })),
};
