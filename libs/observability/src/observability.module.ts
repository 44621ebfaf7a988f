import {
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller.js';
import { createMetricsRegistry, METRICS_REGISTRY, MetricsController } from './metrics.js';
import { PeriodicJobs } from './periodic-jobs.js';
import { READINESS_PROBES, type ReadinessProbe } from './readiness.js';
import { activeTracing, traceFields } from './tracing.js';

export interface ObservabilityOptions {
  service: string;
  /** HERALD_NAMESPACE: the install, a label on every metric. */
  namespace?: string;
  logLevel: string;
  /** Factory of the service's readiness probes, injecting the clients to probe. */
  readiness: {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    useFactory: (...clients: any[]) => ReadinessProbe[];
    inject?: InjectionToken[];
  };
}

/** Paths never logged per request: probes and scrapes would drown the log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Flushes the spans still buffered when the app shuts down. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await activeTracing()?.shutdown();
  }
}

/**
 * Logs (pino JSON, credentials redacted), metrics (`/metrics` from a registry
 * per service) and probes (`/healthz`, `/readyz`). Log lines written inside a
 * span carry its `trace_id` and `span_id`.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logLevel,
            base: { service: options.service },
            mixin: traceFields,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'req.headers["x-api-key"]',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url ?? '') },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useValue: createMetricsRegistry(options.service, options.namespace),
        },
        { provide: READINESS_PROBES, ...options.readiness },
        TracingShutdown,
        PeriodicJobs,
      ],
      exports: [METRICS_REGISTRY, PeriodicJobs],
    };
  }
}
