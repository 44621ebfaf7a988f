import type { Server } from 'node:http';
import type { ExceptionFilter, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { getHeapStatistics } from 'node:v8';
import { describeHeapPlan, heapPlan, isHeapService } from '@herald/heap-budget';
import { pino } from 'pino';
import {
  DEFAULT_JSON_LIMITS,
  InputGuardPipe,
  serveApiDocs,
  verifyJsonBody,
  type ApiDocsInfo,
  type JsonLimits,
} from '@herald/http-api';
import { PreboundExpressAdapter, StartupGate, StartupLogger } from './startup-gate.js';
import { httpServerSpans, startTracing, traceFields } from './tracing.js';

export interface ServiceBootstrap {
  service: string;
  module: Parameters<typeof NestFactory.create>[0];
  host: string;
  port: number;
  /**
   * Exception filters of the HTTP API (the JetStream transport maps its own
   * errors); a function is called with the app, for filters that use its providers.
   */
  httpFilters?: ExceptionFilter[] | ((app: INestApplication) => ExceptionFilter[]);
  /** Largest accepted JSON request body, e.g. `1mb`. */
  bodyLimit?: string;
  /** Depth and key limits of JSON request bodies (`HERALD_MAX_JSON_DEPTH`, `HERALD_MAX_JSON_KEYS`). */
  jsonLimits?: JsonLimits;
  /** The service's OpenAPI document, served at `/docs` (JSON at `/docs/json`). */
  apiDocs?: ApiDocsInfo;
  /** Attaches the JetStream transport once the app's providers exist. */
  attachTransport?: (app: INestApplication) => void;
  /** Level of the start-up log, before the app's own logger takes over (default `info`). */
  logLevel?: string;
  /**
   * Work that may wait until the service is ready (a full re-sync, a first
   * sweep): started once `/readyz` can answer 200, not awaited. A task that
   * fails is logged; it must keep readiness honest itself if it matters.
   */
  afterReady?: (app: INestApplication) => Promise<void>;
}

/**
 * Starts one Herald service. The HTTP port opens first, behind a start-up
 * gate (`/healthz` 200, `/readyz` 503) while the modules wait for NATS and
 * Postgres; then pino logger, API docs, shutdown hooks (SIGTERM drains
 * consumers before closing connections), the JetStream transport, and the
 * gate opens; `afterReady` work starts after that. Tracing starts first, when
 * the `OTEL_*` variables ask for it.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<NestExpressApplication> {
  const tracing = await startTracing(options.service);
  const gate = new StartupGate();
  const adapter = new PreboundExpressAdapter(gate);
  const startupLogger = new StartupLogger(
    pino({
      level: options.logLevel ?? 'info',
      base: { service: options.service },
      mixin: traceFields,
    }),
  );
  await listen(adapter.server, options.port, options.host);
  const app = await NestFactory.create<NestExpressApplication>(options.module, adapter, {
    logger: startupLogger,
    bodyParser: false,
  });
  app.useBodyParser('json', {
    limit: options.bodyLimit ?? '1mb',
    verify: verifyJsonBody(options.jsonLimits ?? DEFAULT_JSON_LIMITS),
  });
  if (tracing) app.use(httpServerSpans(options.service));
  app.useGlobalPipes(new InputGuardPipe());
  if (options.httpFilters) {
    const filters =
      typeof options.httpFilters === 'function' ? options.httpFilters(app) : options.httpFilters;
    app.useGlobalFilters(...filters);
  }
  if (options.apiDocs) serveApiDocs(app, options.apiDocs);
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  if (options.attachTransport) {
    options.attachTransport(app);
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  gate.open();
  const address = app.getHttpServer().address() as { port: number } | null;
  logger.log(
    `${options.service} listening on http://${options.host}:${address?.port ?? options.port}`,
  );
  logHeapLimit(options.service, logger);
  if (options.afterReady) {
    options.afterReady(app).catch((error: unknown) => {
      logger.error(`work after readiness failed: ${(error as Error).message}`, 'Bootstrap');
    });
  }
  return app;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

/**
 * Says which heap limit the service's budgets call for (ADR 0089), and warns
 * when V8's is lower (the process was started without `deploy/node-flags.mjs`):
 * then its budgets may not fit the heap.
 */
function logHeapLimit(service: string, logger: Logger): void {
  if (!isHeapService(service)) return;
  const plan = heapPlan(service, process.env);
  // V8's limit covers both generations: at least the old space asked for.
  const limitMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
  if (limitMb < plan.oldSpaceMb) {
    logger.warn(
      `started with a ${limitMb} MB heap, less than its budgets call for: ` +
        `${describeHeapPlan(plan)}; start it with \`node $(node deploy/node-flags.mjs ${service})\``,
      'HeapBudget',
    );
  } else logger.log(describeHeapPlan(plan), 'HeapBudget');
}
