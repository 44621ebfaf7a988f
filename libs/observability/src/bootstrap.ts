import type { ExceptionFilter, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import {
  DEFAULT_JSON_LIMITS,
  InputGuardPipe,
  serveApiDocs,
  verifyJsonBody,
  type ApiDocsInfo,
  type JsonLimits,
} from '@herald/http-api';

export interface ServiceBootstrap {
  service: string;
  module: Parameters<typeof NestFactory.create>[0];
  host: string;
  port: number;
  /** Exception filters of the HTTP API (the JetStream transport maps its own errors). */
  httpFilters?: ExceptionFilter[];
  /** Largest accepted JSON request body, e.g. `1mb`. */
  bodyLimit?: string;
  /** Depth and key limits of JSON request bodies (`HERALD_MAX_JSON_DEPTH`, `HERALD_MAX_JSON_KEYS`). */
  jsonLimits?: JsonLimits;
  /** The service's OpenAPI document, served at `/docs` (JSON at `/docs/json`). */
  apiDocs?: ApiDocsInfo;
  /** Attaches the JetStream transport once the app's providers exist. */
  attachTransport?: (app: INestApplication) => void;
}

/**
 * Starts one Herald service: pino logger, API docs, shutdown hooks (SIGTERM
 * drains consumers before closing connections), the JetStream transport, then HTTP.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useBodyParser('json', {
    limit: options.bodyLimit ?? '1mb',
    verify: verifyJsonBody(options.jsonLimits ?? DEFAULT_JSON_LIMITS),
  });
  app.useGlobalPipes(new InputGuardPipe());
  if (options.httpFilters) app.useGlobalFilters(...options.httpFilters);
  if (options.apiDocs) serveApiDocs(app, options.apiDocs);
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  if (options.attachTransport) {
    options.attachTransport(app);
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number } | null;
  logger.log(
    `${options.service} listening on http://${options.host}:${address?.port ?? options.port}`,
  );
  return app;
}
