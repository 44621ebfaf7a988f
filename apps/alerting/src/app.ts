import { QuarantineStore } from '@herald/quarantine';
import { startService } from '@herald/service';
import { ALERTING_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { AlertingConfig } from './config.js';

/** Starts alerting (HTTP probes + JetStream consumer); used by main.ts and the integration tests. */
export function startAlerting(config: AlertingConfig) {
  return startService({
    name: 'alerting',
    config,
    module: AppModule.forRoot(config),
    port: config.HERALD_ALERTING_PORT,
    apiDocs: ALERTING_API,
    jetstream: {
      poisonSink: (app) => app.get(QuarantineStore).sink,
      // The ack deadline outlasts one POST, so a slow destination never causes a parallel resend.
      consumers: {
        'alert.v1': { ackWaitMs: Math.max(30_000, config.HERALD_ALERT_TIMEOUT + 10_000) },
      },
    },
  });
}
