import type { OpenAPIObject, ServerObject } from '@nestjs/swagger';
import {
  createApiDocument,
  withPreviewApp,
  type ApiDocsInfo,
  type AppModule,
} from './api-document.js';
import { mergeApiDocuments, type ServiceDocument } from './merge-documents.js';

/** What `pnpm openapi` needs to know about one service. */
export interface ServiceApiDocs {
  info: ApiDocsInfo;
  /** The service's default HTTP port. */
  port: number;
  /** The app module, configured with defaults (the document does not depend on the rest). */
  module: () => AppModule;
}

export const MERGED_DOCUMENT = 'herald.openapi.json';

/** The one API address of the merged document: the gateway that `npm start` runs. */
export const API_SERVER: ServerObject = {
  url: 'http://localhost:8000',
  description:
    'the gateway (`npm start`, `HERALD_GATEWAY_PORT`); on Kubernetes, the host of the Ingress',
};
export const documentFile = (service: string) => `${service}.openapi.json`;

/**
 * The contents of `docs/api/`: one document per service and the merged
 * one, as the exact text committed (2-space JSON, final newline).
 */
export async function renderApiDocuments(
  services: ServiceApiDocs[],
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const documents: ServiceDocument[] = [];
  for (const { info, port, module } of services) {
    const server: ServerObject = {
      url: `http://localhost:${port}`,
      description: 'default address (`npm start`)',
    };
    const document = await withPreviewApp(module(), (app) =>
      createApiDocument(app, info, [server]),
    );
    files[documentFile(info.service)] = toJson(document);
    documents.push({ service: info.service, document });
  }
  files[MERGED_DOCUMENT] = toJson(mergeApiDocuments(documents, mergedInfo(services), API_SERVER));
  return files;
}

function mergedInfo(services: ServiceApiDocs[]): OpenAPIObject['info'] {
  const list = services
    .map(({ info, port }) => `- \`${info.service}\` (default port ${port}): ${info.title}`)
    .join('\n');
  return {
    title: 'Herald REST API',
    description:
      'Every REST route of the five Herald services in one document, at one address: the ' +
      'gateway locally, the Ingress on Kubernetes. Each operation names the service behind ' +
      `it in \`x-herald-services\`.\n\n${list}\n\n` +
      'Each service also serves its own document at `/docs` (JSON at `/docs/json`).',
    version: services[0]?.info.version ?? '0.0.0',
    license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  };
}

const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
