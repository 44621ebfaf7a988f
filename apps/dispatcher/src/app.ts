import { startService } from '@herald/service';
import { DeliveryPoisonSink } from './delivery/delivery-poison-sink.js';
import { DISPATCHER_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { DispatcherConfig } from './config.js';
import { HEARTBEAT_MS } from './delivery/deliveries.handler.js';

/** Starts the dispatcher (HTTP probes + the `deliver.v1` consumer); used by main.ts and tests. */
export function startDispatcher(config: DispatcherConfig) {
  return startService({
    name: 'dispatcher',
    config,
    module: AppModule.forRoot(config),
    port: config.HERALD_DISPATCHER_PORT,
    apiDocs: DISPATCHER_API,
    jetstream: {
      poisonSink: (app) => app.get(DeliveryPoisonSink).sink,
      consumers: {
        'deliver.v1': {
          concurrency: config.HERALD_DISPATCH_CONCURRENCY,
          maxBytes: config.HERALD_CONSUMER_MAX_BYTES,
          // Long sends extend their deadline with heartbeats, so this only
          // bounds how soon a crashed replica's tasks are redelivered.
          ackWaitMs: 3 * HEARTBEAT_MS,
          maxAckPending: config.HERALD_DISPATCH_MAX_ACK_PENDING,
        },
      },
    },
  });
}
