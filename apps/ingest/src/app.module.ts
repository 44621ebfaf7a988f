import { HeraldServiceModule } from '@herald/service';
import { Module, type DynamicModule } from '@nestjs/common';
import { INGEST_CONFIG, type IngestConfig } from './config.js';
import { EventsModule } from './events/events.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { ResendsModule } from './resends/resends.module.js';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from './schema.js';
import { CLOCK, systemClock } from './seams.js';

/**
 * Ingest: events in (HTTP and NATS), stored and fanned out to delivery tasks.
 * Its API rate limit covers the message, rejection and resend routes; events
 * are counted per tenant instead (HERALD_RATE_LIMIT_INGEST).
 */
@Module({})
export class AppModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return HeraldServiceModule.forRoot({
      name: 'ingest',
      config,
      configToken: INGEST_CONFIG,
      consumes: ['ingest'],
      publishes: ['deliver.v1'],
      database: { schema: 'ingest', entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS },
      imports: [EventsModule, MessagesModule, ResendsModule],
      providers: [{ provide: CLOCK, useValue: systemClock }],
      exports: [CLOCK],
    });
  }
}
