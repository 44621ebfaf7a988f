import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  type ServerObject,
} from '@nestjs/swagger';
import { ApiError, internalError } from '../api-error.js';
import { errorBodySchema } from '../error-body.js';
import { errorExample, RETRY_AFTER } from './api-errors.decorator.js';
import { API_KEY_SCHEME, SECURITY_SCHEMES } from './auth.decorators.js';
import { zodSchemaConverter } from './zod-schema.converter.js';

/**
 * A service's OpenAPI document, built from its controllers' decorators and
 * the zod schemas they validate with. The same function serves `/docs` at
 * run time and writes `docs/api/<service>.openapi.json` (`pnpm openapi`).
 */
export interface ApiDocsInfo {
  /** e.g. `registry`; also the name of the committed file. */
  service: string;
  title: string;
  /** Markdown: what this service's API is for. */
  description: string;
  version: string;
  tags: { name: string; description: string }[];
  /**
   * The service counts every request made with a tenant API key
   * (`HERALD_RATE_LIMIT_API`): each such operation documents the 429, but
   * those listed by operationId in `except` (routes with a limit of their own).
   */
  apiKeyRateLimit?: boolean | { except: string[] };
}

export type AppModule = Parameters<typeof NestFactory.create>[0];

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

const CONVENTIONS = `## Conventions

- **Authentication**: \`Authorization: Bearer <credential>\` — the platform admin token for
  tenant management, a tenant API key for everything else (see the security schemes; each
  tenant operation lists the key roles it accepts in \`x-herald-roles\`).
- **Errors** always have one shape, \`{ "error": { "code", "message", "details": [{ "field", "reason" }] } }\`
  (schema \`Error\`); \`code\` is stable and machine-readable. Every operation documents the
  statuses it returns, with an example per cause.
- **Bodies** are JSON; unknown fields are refused with \`validation_failed\`, naming each one.
- Timestamps are ISO 8601 in UTC.`;

export function createApiDocument(
  app: INestApplication,
  info: ApiDocsInfo,
  servers: ServerObject[],
): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.0.3')
    .setTitle(info.title)
    .setDescription(`${info.description}\n\n${CONVENTIONS}`)
    .setVersion(info.version)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0');
  for (const server of servers) builder.addServer(server.url, server.description);
  for (const tag of info.tags) builder.addTag(tag.name, tag.description);
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    standardSchemaConverter: zodSchemaConverter,
    autoTagControllers: false,
  });
  return finish(document, info);
}

/**
 * What every operation shares and decorators cannot say once: any route can
 * fail with a 500 (the exception filter is global; one shared response). Responses are ordered by
 * status, and security schemes no operation uses are left out.
 */
function finish(document: OpenAPIObject, info: ApiDocsInfo): OpenAPIObject {
  const { contact } = document.info;
  if (contact && Object.keys(contact).length === 0) delete document.info.contact;
  const schemas = (document.components ??= {}).schemas ?? {};
  // The shared 500 refers to `Error` even where no route documents another error.
  const converted = zodSchemaConverter(errorBodySchema, { schemaType: 'output' });
  for (const [name, schema] of Object.entries(converted?.components ?? {}))
    schemas[name] ??= schema;
  document.components.schemas = schemas;

  document.components.responses = { InternalError: internalErrorResponse() };
  const usedSchemes = new Set<string>();
  for (const operation of operationsOf(document)) {
    operation.responses['500'] ??= { $ref: '#/components/responses/InternalError' };
    const withApiKey = (operation.security ?? []).some((r) => API_KEY_SCHEME in r);
    const rateExempt =
      typeof info.apiKeyRateLimit === 'object' &&
      info.apiKeyRateLimit.except.includes(operation.operationId ?? '');
    if (info.apiKeyRateLimit && withApiKey && !rateExempt) {
      addApiKeyRateLimit(operation);
      document.components.responses.ApiKeyRateLimited = apiKeyRateLimitedResponse();
    }
    operation.responses = Object.fromEntries(
      Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
    );
    for (const requirement of operation.security ?? []) {
      for (const name of Object.keys(requirement)) usedSchemes.add(name);
    }
  }
  const schemes = document.components.securitySchemes ?? {};
  for (const name of Object.keys(schemes)) if (!usedSchemes.has(name)) delete schemes[name];
  document.components.schemas = referenced(schemas, [
    document.paths,
    document.components.responses,
  ]);
  return document;
}

/**
 * The schemas that `roots` refer to, directly or through other schemas —
 * the scanner also adds types of non-HTTP handlers (NATS consumers), which
 * no route uses.
 */
function referenced<T>(schemas: Record<string, T>, roots: unknown[]): Record<string, T> {
  const kept: Record<string, T> = {};
  const visit = (value: unknown): void => {
    for (const [, name] of JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (name === undefined || name in kept || !(name in schemas)) continue;
      kept[name] = schemas[name] as T;
      visit(kept[name]);
    }
  };
  visit(roots);
  return Object.fromEntries(
    Object.keys(schemas)
      .filter((n) => n in kept)
      .map((n) => [n, kept[n] as T]),
  );
}

const API_KEY_RATE_LIMIT = "over the API key's request rate (`HERALD_RATE_LIMIT_API`)";

/** The 429 the per-key request rate answers (its message as `RateLimitedError` words it). */
const apiKeyRateLimitedExample = () => ({
  summary: API_KEY_RATE_LIMIT,
  value: errorExample(
    new ApiError(429, 'rate_limited', 'too many requests with this API key; retry after 12 s'),
  ),
});

const apiKeyRateLimitedResponse = (): ResponseObject => ({
  description: API_KEY_RATE_LIMIT,
  headers: RETRY_AFTER,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: { rate_limited: apiKeyRateLimitedExample() },
    },
  },
});

/**
 * Every operation taken with an API key can be refused by the per-key rate:
 * the shared 429, or, where the route has a 429 of its own, one more example in it.
 */
function addApiKeyRateLimit(operation: OperationObject): void {
  const own = operation.responses['429'] as ResponseObject | undefined;
  if (own === undefined) {
    operation.responses['429'] = { $ref: '#/components/responses/ApiKeyRateLimited' };
    return;
  }
  const content = own.content?.['application/json'];
  if (!content || '$ref' in own) return;
  own.description = `${own.description}; ${API_KEY_RATE_LIMIT}`;
  content.examples = { ...content.examples, rate_limited_api_key: apiKeyRateLimitedExample() };
}

const internalErrorResponse = (): ResponseObject => ({
  description: 'an unexpected failure; the cause is in the service log, never in the response',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: { internal: { summary: 'any failure', value: errorExample(internalError()) } },
    },
  },
});

export function operationsOf(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((item) =>
    HTTP_METHODS.flatMap((method) => (item[method] ? [item[method]] : [])),
  );
}

/** `/docs` (Swagger UI from local assets, no network) and `/docs/json` (the document). */
export function serveApiDocs(app: INestApplication, info: ApiDocsInfo): void {
  SwaggerModule.setup(
    'docs',
    app,
    () => createApiDocument(app, info, [{ url: '/', description: 'this service' }]),
    { ui: true, raw: ['json'], jsonDocumentUrl: 'docs/json', customSiteTitle: info.title },
  );
}

/**
 * Opens an app in Nest's preview mode — modules, controllers and routes are
 * resolved, no provider is instantiated — so the document can be built
 * without NATS or Postgres. `prepare` runs before the routes are mounted.
 */
export async function withPreviewApp<T>(
  module: AppModule,
  use: (app: INestApplication) => T | Promise<T>,
  prepare?: (app: INestApplication) => void,
): Promise<T> {
  const app = await NestFactory.create(module, { preview: true, logger: false });
  try {
    prepare?.(app);
    await app.init();
    return await use(app);
  } finally {
    await app.close();
  }
}

/** The `version` of the package.json one level above the calling module (an app's `src/` or `dist/`). */
export function packageVersion(moduleUrl: string): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', moduleUrl), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
