import { ApiExceptionFilter } from '@herald/http-api';
import { attachJetStream, NatsClient, poisonPolicyOf } from '@herald/messaging';
import { DeliveryPoisonSink } from './delivery/delivery-poison-sink.js';
import { bootstrapService } from '@herald/observability';
import { DISPATCHER_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { DispatcherConfig } from './config.js';
import { HEARTBEAT_MS } from './delivery/deliveries.handler.js';

/** Starts the dispatcher (HTTP probes + the `deliver.v1` consumer); used by main.ts and tests. */
export function startDispatcher(config: DispatcherConfig) {
  return bootstrapService({
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    service: 'dispatcher',
    logLevel: config.LOG_LEVEL,
    module: AppModule.forRoot(config),
    host: config.HERALD_HOST,
    port: config.HERALD_DISPATCHER_PORT,
    httpFilters: [new ApiExceptionFilter()],
    apiDocs: DISPATCHER_API,
    attachTransport: (app) =>
      attachJetStream(app, app.get(NatsClient), {
        service: 'dispatcher',
        poison: { sink: app.get(DeliveryPoisonSink).sink, policy: poisonPolicyOf(config) },
        consumers: {
          'deliver.v1': {
            concurrency: config.HERALD_DISPATCH_CONCURRENCY,
            // Long sends extend their deadline with heartbeats, so this only
            // bounds how soon a crashed replica's tasks are redelivered.
            ackWaitMs: 3 * HEARTBEAT_MS,
            maxAckPending: config.HERALD_DISPATCH_MAX_ACK_PENDING,
          },
        },
      }),
  });
}
