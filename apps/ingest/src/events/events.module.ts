import { DataSource } from 'typeorm';
import { RateLimit } from '@herald/tenant-limits';
import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { INGEST_CONFIG, type IngestConfig } from '../config.js';
import { RejectionRecorder } from '../rejections/rejection-recorder.js';
import { IngestPoisonSink } from './ingest-poison-sink.js';
import { EventCatalog } from './event-catalog.js';
import { EventsController } from './events.controller.js';
import { FanOutService } from './fan-out.service.js';
import { MessageLedger } from './message-ledger.js';
import { IngestHandler } from './ingest.handler.js';
import { INGEST_RATE_LIMIT, IngestLimits } from './ingest-limits.js';

@Module({
  imports: [ApiAuthModule],
  controllers: [EventsController, IngestHandler],
  providers: [
    IngestPoisonSink,
    FanOutService,
    MessageLedger,
    EventCatalog,
    RejectionRecorder,
    {
      provide: IngestLimits,
      useFactory: (config: IngestConfig) =>
        new IngestLimits(config.HERALD_MAX_PAYLOAD_BYTES, config.HERALD_UNKNOWN_TENANT_GRACE, {
          maxDepth: config.HERALD_MAX_JSON_DEPTH,
          maxKeys: config.HERALD_MAX_JSON_KEYS,
        }),
      inject: [INGEST_CONFIG],
    },
    {
      provide: INGEST_RATE_LIMIT,
      useFactory: (config: IngestConfig, db: DataSource) =>
        new RateLimit(db, config.HERALD_RATE_LIMIT_INGEST, 'ingest'),
      inject: [INGEST_CONFIG, DataSource],
    },
  ],
})
export class EventsModule {}
