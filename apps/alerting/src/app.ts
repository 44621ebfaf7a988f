import { ApiExceptionFilter } from '@herald/http-api';
import { attachJetStream, NatsClient, poisonPolicyOf } from '@herald/messaging';
import { QuarantineStore } from '@herald/quarantine';
import { bootstrapService } from '@herald/observability';
import { ALERTING_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { AlertingConfig } from './config.js';

/** Starts alerting (HTTP probes + JetStream consumer); used by main.ts and the integration tests. */
export function startAlerting(config: AlertingConfig) {
  return bootstrapService({
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    service: 'alerting',
    logLevel: config.LOG_LEVEL,
    module: AppModule.forRoot(config),
    host: config.HERALD_HOST,
    port: config.HERALD_ALERTING_PORT,
    httpFilters: [new ApiExceptionFilter()],
    apiDocs: ALERTING_API,
    attachTransport: (app) =>
      attachJetStream(app, app.get(NatsClient), {
        service: 'alerting',
        poison: { sink: app.get(QuarantineStore).sink, policy: poisonPolicyOf(config) },
        // The ack deadline outlasts one POST, so a slow destination never causes a parallel resend.
        consumers: {
          'alert.v1': { ackWaitMs: Math.max(30_000, config.HERALD_ALERT_TIMEOUT + 10_000) },
        },
      }),
  });
}
