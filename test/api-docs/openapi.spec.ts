import { beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type {
  MediaTypeObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import {
  API_KEY_SCHEME,
  documentedRoutes,
  HTTP_METHODS,
  MERGED_DOCUMENT,
  documentFile,
  renderApiDocuments,
  ROLES_EXTENSION,
  servedRoutes,
  serveApiDocs,
  withPreviewApp,
  type ServiceApiDocs,
} from '@herald/http-api';
import { alertingApiDocs } from '../../apps/alerting/src/api-docs.js';
import { dispatcherApiDocs } from '../../apps/dispatcher/src/api-docs.js';
import { healthMonitorApiDocs } from '../../apps/health-monitor/src/api-docs.js';
import { ingestApiDocs } from '../../apps/ingest/src/api-docs.js';
import { registryApiDocs } from '../../apps/registry/src/api-docs.js';

/**
 * The committed OpenAPI documents (`docs/api/`) against the code: each is
 * exactly what `pnpm openapi` writes now, documents every route its app
 * serves and nothing else, and documents each operation completely —
 * schemas and examples for bodies and answers, auth, every error status.
 */
const SERVICES: ServiceApiDocs[] = [
  ingestApiDocs,
  registryApiDocs,
  dispatcherApiDocs,
  healthMonitorApiDocs,
  alertingApiDocs,
];
const docsDir = path.resolve(import.meta.dirname, '../../docs/api');
const committed = (file: string) => readFileSync(path.join(docsDir, file), 'utf8');

let generated: Record<string, string>;
const documentOf = (file: string) => JSON.parse(generated[file] ?? 'null') as OpenAPIObject;

beforeAll(async () => {
  generated = await renderApiDocuments(SERVICES);
});

describe('docs/api', () => {
  it('holds one document per service and the merged one, nothing else', () => {
    const expected = [...SERVICES.map((s) => documentFile(s.info.service)), MERGED_DOCUMENT];
    const present = readdirSync(docsDir).filter((name) => name.endsWith('.openapi.json'));
    expect(present.sort()).toEqual(expected.sort());
  });

  it.each([...SERVICES.map((s) => documentFile(s.info.service)), MERGED_DOCUMENT])(
    '%s is what `pnpm openapi` writes from the code now',
    (file) => {
      if (committed(file) !== generated[file]) {
        throw new Error(`docs/api/${file} is stale: run \`pnpm openapi\` and commit the result`);
      }
    },
  );
});

describe.each(SERVICES.map((s) => [s.info.service, s] as const))('%s', (service, docs) => {
  const file = documentFile(service);

  it('documents exactly the routes the app serves', async () => {
    const served = await withPreviewApp(docs.module(), (app) => servedRoutes(app));
    expect(served.length).toBeGreaterThan(0);
    expect(documentedRoutes(documentOf(file))).toEqual(served);
  });

  it('serves the same document at /docs/json', async () => {
    await withDocsServer(docs, async (base) => {
      const response = await fetch(`${base}/docs/json`);
      expect(response.status).toBe(200);
      const served = (await response.json()) as OpenAPIObject;
      expect(served.servers).toEqual([{ url: '/', description: 'this service' }]);
      expect({ ...served, servers: undefined }).toEqual({
        ...documentOf(file),
        servers: undefined,
      });
    });
  });
});

it('serves a UI at /docs whose assets are all local (no network at run time)', async () => {
  await withDocsServer(registryApiDocs, async (base) => {
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    const html = await ui.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url ?? '');
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const response = await fetch(new URL(asset, `${base}/docs`), { method: 'HEAD' });
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
  });
});

/** The app in preview mode with `/docs` mounted as `bootstrapService` does, on a free port. */
async function withDocsServer(docs: ServiceApiDocs, use: (base: string) => Promise<void>) {
  await withPreviewApp(
    docs.module(),
    async (app) => {
      // Nest refuses listen() in preview mode; its HTTP server does not.
      const server = app.getHttpServer() as Server;
      await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
      try {
        await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      } finally {
        await new Promise((closed) => server.close(closed));
      }
    },
    (app: INestApplication) => serveApiDocs(app, docs.info),
  );
}

describe('every operation', () => {
  const cases = () =>
    SERVICES.flatMap((docs) => {
      const document = documentOf(documentFile(docs.info.service));
      return Object.entries(document.paths).flatMap(([route, item]) =>
        HTTP_METHODS.filter((method) => item[method]).map((method) => ({
          name: `${docs.info.service}: ${method.toUpperCase()} ${route}`,
          document,
          operation: item[method] as OperationObject,
        })),
      );
    });

  it('has a unique operationId across all services', () => {
    const merged = documentOf(MERGED_DOCUMENT);
    const ids = Object.values(merged.paths).flatMap((item) =>
      HTTP_METHODS.flatMap((method) => (item[method] ? [item[method].operationId] : [])),
    );
    expect(ids.every((id) => typeof id === 'string' && !/_/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is described, tagged and has documented path parameters', () => {
    for (const { name, operation } of cases()) {
      const problems = [
        !operation.summary && 'no summary',
        !operation.tags?.length && 'no tag',
        ...(operation.parameters ?? [])
          .filter((p) => 'in' in p && p.in === 'path' && !p.description)
          .map((p) => `path parameter ${'name' in p ? p.name : ''} has no description`),
      ].filter(Boolean);
      expect({ name, problems }).toEqual({ name, problems: [] });
    }
  });

  it('has a request schema with an example, and the 400 and 413 of a body', () => {
    for (const { name, document, operation } of cases()) {
      if (!operation.requestBody) continue;
      const body = resolve(document, operation.requestBody) as {
        content: Record<string, MediaTypeObject>;
      };
      const media = body.content['application/json'];
      const statuses = Object.keys(operation.responses);
      expect({ name, example: media ? hasExample(document, media) : false }).toEqual({
        name,
        example: true,
      });
      expect({ name, has: ['400', '413'].filter((s) => statuses.includes(s)) }).toEqual({
        name,
        has: ['400', '413'],
      });
    }
  });

  it('answers with a schema and an example for every status, errors in the one Error shape', () => {
    for (const { name, document, operation } of cases()) {
      const responses = Object.entries(operation.responses);
      expect(responses.some(([status]) => status.startsWith('2'))).toBe(true);
      expect(Object.keys(operation.responses)).toContain('500');
      for (const [status, raw] of responses) {
        const response = resolve(document, raw) as ResponseObject;
        const where = `${name} → ${status}`;
        if (status === '204') {
          expect({ where, content: response.content }).toEqual({ where, content: undefined });
          continue;
        }
        const media = Object.values(response.content ?? {})[0];
        expect({ where, documented: !!media?.schema && hasExample(document, media) }).toEqual({
          where,
          documented: true,
        });
        if (!status.startsWith('2')) {
          expect({ where, schema: media?.schema }).toEqual({
            where,
            schema: { $ref: '#/components/schemas/Error' },
          });
          for (const example of Object.values(media?.examples ?? {})) {
            const value = (resolve(document, example) as { value: { error: { code: string } } })
              .value;
            expect({ where, code: typeof value.error.code }).toEqual({ where, code: 'string' });
          }
        }
      }
    }
  });

  it('names its credential, its 401 and, for API keys, the roles it accepts', () => {
    for (const { name, operation } of cases()) {
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      const isProbe = operation.tags?.includes('probes') ?? false;
      expect({ name, secured: schemes.length > 0 }).toEqual({ name, secured: !isProbe });
      if (isProbe) continue;
      expect({ name, has401: '401' in operation.responses }).toEqual({ name, has401: true });
      const roles = (operation as unknown as Record<string, unknown>)[ROLES_EXTENSION];
      expect({ name, roles: Array.isArray(roles) }).toEqual({
        name,
        roles: schemes.includes(API_KEY_SCHEME),
      });
      if (Array.isArray(roles) && roles.length < 3) {
        expect({ name, has403: '403' in operation.responses }).toEqual({ name, has403: true });
      }
    }
  });
});

function resolve(document: OpenAPIObject, value: unknown): unknown {
  const ref = (value as Partial<ReferenceObject> | undefined)?.$ref;
  if (typeof ref !== 'string') return value;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  return resolve(document, target);
}

/** An example on the media type, or on its schema (through a $ref). */
function hasExample(document: OpenAPIObject, media: MediaTypeObject): boolean {
  if (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0) return true;
  const schema = resolve(document, media.schema) as SchemaObject | undefined;
  return schema?.example !== undefined;
}
