import { RegistryView } from '@herald/registry-view';
import { startService } from '@herald/service';
import { IngestPoisonSink } from './events/ingest-poison-sink.js';
import { RefusedEventsFilter } from './events/refused-events.filter.js';
import { RejectionRecorder } from './rejections/rejection-recorder.js';
import { INGEST_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { IngestConfig } from './config.js';

/** Starts ingest (HTTP + JetStream consumer); used by main.ts and by the integration tests. */
export function startIngest(config: IngestConfig) {
  return startService({
    name: 'ingest',
    config,
    module: AppModule.forRoot(config),
    port: config.HERALD_INGEST_PORT,
    apiDocs: INGEST_API,
    // Answers like every service, and records the events the input edge refuses.
    httpFilters: (app) => [
      new RefusedEventsFilter(app.get(RejectionRecorder), app.get(RegistryView)),
    ],
    // Room for the envelope around the largest accepted payload.
    bodyLimit: `${config.HERALD_MAX_PAYLOAD_BYTES + 16_384}b`,
    jetstream: {
      poisonSink: (app) => app.get(IngestPoisonSink).sink,
      consumers: {
        ingest: {
          concurrency: config.HERALD_INGEST_CONCURRENCY,
          maxBytes: config.HERALD_CONSUMER_MAX_BYTES,
        },
      },
    },
  });
}
