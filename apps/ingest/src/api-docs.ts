import { serviceApiDocs, serviceApiInfo } from '@herald/service';
import { AppModule } from './app.module.js';
import { loadIngestConfig } from './config.js';

export const INGEST_API = serviceApiInfo(import.meta.url, {
  service: 'ingest',
  title: 'Herald ingest API',
  description:
    'Publish events over HTTP (the other way in is NATS), read stored messages and resend ' +
    'one to an endpoint. Every call is scoped to the tenant of its API key.',
  apiKeyRateLimit: { except: ['publishEvent'] },
  tags: [
    { name: 'events', description: 'The HTTP way in: one event, fanned out to its endpoints.' },
    { name: 'messages', description: 'Stored events and operator resends.' },
  ],
});

/** For `pnpm openapi`: the default configuration. */
export const ingestApiDocs = serviceApiDocs(
  INGEST_API,
  loadIngestConfig({}),
  (config) => config.HERALD_INGEST_PORT,
  (config) => AppModule.forRoot(config),
);
