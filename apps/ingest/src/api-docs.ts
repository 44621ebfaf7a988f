import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadIngestConfig } from './config.js';

/** What ingest's OpenAPI document says about it (`/docs`, `docs/api/ingest.openapi.json`). */
export const INGEST_API: ApiDocsInfo = {
  service: 'ingest',
  title: 'Herald ingest API',
  description:
    'Publish events over HTTP (the other way in is NATS), read stored messages and resend ' +
    'one to an endpoint. Every call is scoped to the tenant of its API key.',
  version: packageVersion(import.meta.url),
  apiKeyRateLimit: { except: ['publishEvent'] },
  tags: [
    { name: 'events', description: 'The HTTP way in: one event, fanned out to its endpoints.' },
    { name: 'messages', description: 'Stored events and operator resends.' },
    PROBES_TAG,
  ],
};

/** For `pnpm openapi`: the default configuration. */
export const ingestApiDocs: ServiceApiDocs = {
  info: INGEST_API,
  port: loadIngestConfig({}).HERALD_INGEST_PORT,
  module: () => AppModule.forRoot(loadIngestConfig({})),
};
