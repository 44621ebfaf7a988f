import type { CommonConfig } from '@herald/config';
import { ApiExceptionFilter, type ApiDocsInfo } from '@herald/http-api';
import {
  attachJetStreamTransport,
  JetStreamTransport,
  NatsClient,
  poisonPolicyOf,
  type JetStreamTransportOptions,
  type PoisonSink,
} from '@herald/messaging';
import { bootstrapService, type ServiceBootstrap } from '@herald/observability';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** How a service's JetStream consumers run; the service name and poison policy are filled in. */
export interface ServiceConsumers {
  /** Where poison messages go (a quarantine row, a rejection, a dead letter). */
  poisonSink?: (app: INestApplication) => PoisonSink;
  consumers?: JetStreamTransportOptions['consumers'];
  partitioned?: JetStreamTransportOptions['partitioned'];
}

export interface StartServiceOptions {
  /** The service's name, as in its `HeraldServiceModule`. */
  name: string;
  config: CommonConfig;
  /** The service's root module (`AppModule.forRoot(config)`). */
  module: DynamicModule;
  /** Its HTTP port (`HERALD_<SERVICE>_PORT`). */
  port: number;
  apiDocs: ApiDocsInfo;
  /** Exception filters of the HTTP API; default: Herald's error shape (`ApiExceptionFilter`). */
  httpFilters?: ServiceBootstrap['httpFilters'];
  bodyLimit?: string;
  /** The JetStream consumers of the topics the service consumes. */
  jetstream?: ServiceConsumers;
  /** Awaited once the service is listening and consuming, before the start resolves. */
  started?: (app: NestExpressApplication, transport: JetStreamTransport) => Promise<void>;
  afterReady?: ServiceBootstrap['afterReady'];
}

/**
 * Starts one Herald service from its module and the few things that differ:
 * its port, API document, filters and consumers. The HTTP port, JSON limits,
 * log level and host come from the common environment; the start-up gate,
 * readiness, shutdown hooks and tracing from `bootstrapService`. Used by each
 * service's main.ts and by the integration tests.
 */
export async function startService(options: StartServiceOptions): Promise<NestExpressApplication> {
  const { config, name } = options;
  let transport: JetStreamTransport | undefined;
  const app = await bootstrapService({
    service: name,
    logLevel: config.LOG_LEVEL,
    module: options.module,
    host: config.HERALD_HOST,
    port: options.port,
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    httpFilters: options.httpFilters ?? [new ApiExceptionFilter()],
    apiDocs: options.apiDocs,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    attachTransport: (app) => {
      const jetstream = options.jetstream ?? {};
      transport = new JetStreamTransport(app.get(NatsClient), {
        service: name,
        ...(jetstream.poisonSink
          ? { poison: { sink: jetstream.poisonSink(app), policy: poisonPolicyOf(config) } }
          : {}),
        ...(jetstream.consumers ? { consumers: jetstream.consumers } : {}),
        ...(jetstream.partitioned ? { partitioned: jetstream.partitioned } : {}),
      });
      attachJetStreamTransport(app, transport);
    },
    ...(options.afterReady ? { afterReady: options.afterReady } : {}),
  });
  if (options.started && transport) await options.started(app, transport);
  return app;
}
