import { ApiExceptionFilter } from '@herald/http-api';
import { attachJetStream, NatsClient } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { DISPATCHER_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { DispatcherConfig } from './config.js';
import { HEARTBEAT_MS } from './delivery/deliveries.handler.js';

/** Starts the dispatcher (HTTP probes + the `deliver.v1` consumer); used by main.ts and tests. */
export function startDispatcher(config: DispatcherConfig) {
  return bootstrapService({
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
