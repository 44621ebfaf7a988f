import { serviceModule } from '@herald/service';
import { INGEST_CONFIG, type IngestConfig } from './config.js';
import { EventsModule } from './events/events.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { ResendsModule } from './resends/resends.module.js';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from './schema.js';

/**
 * Ingest: events in (HTTP and NATS), stored and fanned out to delivery tasks.
 * Its API rate limit covers the message, rejection and resend routes; events
 * are counted per tenant instead (HERALD_RATE_LIMIT_INGEST).
 */
export const AppModule = serviceModule<IngestConfig>(() => ({
  name: 'ingest',
  configToken: INGEST_CONFIG,
  consumes: ['ingest'],
  publishes: ['deliver.v1'],
  database: { schema: 'ingest', entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS },
  imports: [EventsModule, MessagesModule, ResendsModule],
}));
