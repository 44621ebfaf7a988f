import { attachJetStream, NatsClient, poisonPolicyOf } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import { IngestPoisonSink } from './events/ingest-poison-sink.js';
import { RefusedEventsFilter } from './events/refused-events.filter.js';
import { RejectionRecorder } from './rejections/rejection-recorder.js';
import { bootstrapService } from '@herald/observability';
import { INGEST_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { IngestConfig } from './config.js';

/** Starts ingest (HTTP + JetStream consumer); used by main.ts and by the integration tests. */
export function startIngest(config: IngestConfig) {
  return bootstrapService({
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    service: 'ingest',
    logLevel: config.LOG_LEVEL,
    module: AppModule.forRoot(config),
    host: config.HERALD_HOST,
    port: config.HERALD_INGEST_PORT,
    // Answers like every service, and records the events the input edge refuses.
    httpFilters: (app) => [
      new RefusedEventsFilter(app.get(RejectionRecorder), app.get(RegistryView)),
    ],
    apiDocs: INGEST_API,
    // Room for the envelope around the largest accepted payload.
    bodyLimit: `${config.HERALD_MAX_PAYLOAD_BYTES + 16_384}b`,
    attachTransport: (app) =>
      attachJetStream(app, app.get(NatsClient), {
        service: 'ingest',
        poison: { sink: app.get(IngestPoisonSink).sink, policy: poisonPolicyOf(config) },
        consumers: { ingest: { concurrency: config.HERALD_INGEST_CONCURRENCY } },
      }),
  });
}
