import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIObject, OperationObject, PathItemObject, ServerObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './api-document.js';

export interface ServiceDocument {
  service: string;
  server: ServerObject;
  document: OpenAPIObject;
}

/**
 * One document for the whole platform. Each operation names the service
 * that serves it in its own `servers`; an operation every service serves
 * the same way (`/healthz`) appears once with all of them. Two services
 * that disagree about an operation or a component (schema, response,
 * security scheme) or tag of the same name are an error, never a silent overwrite.
 */
export function mergeApiDocuments(
  services: ServiceDocument[],
  info: OpenAPIObject['info'],
): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  const tags: NonNullable<OpenAPIObject['tags']> = [];
  const schemas: Record<string, unknown> = {};
  const securitySchemes: Record<string, unknown> = {};
  const responses: Record<string, unknown> = {};
  for (const { service, server, document } of services) {
    const serverOf = { url: server.url, description: service };
    for (const [path, item] of Object.entries(document.paths)) {
      const target: PathItemObject = (paths[path] ??= {});
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const existing = target[method];
        if (!existing) {
          target[method] = { ...operation, servers: [serverOf] };
        } else if (isDeepStrictEqual(withoutServers(existing), operation)) {
          existing.servers = [...(existing.servers ?? []), serverOf];
        } else {
          throw new Error(
            `${method.toUpperCase()} ${path}: ${service} disagrees with another service`,
          );
        }
      }
    }
    mergeNamed(tags, document.tags ?? [], `tag (${service})`);
    mergeRecord(schemas, document.components?.schemas, `schema (${service})`);
    mergeRecord(securitySchemes, document.components?.securitySchemes, `scheme (${service})`);
    mergeRecord(responses, document.components?.responses, `response (${service})`);
  }
  return {
    openapi: services[0]?.document.openapi ?? '3.0.3',
    info,
    paths,
    tags,
    components: { schemas, responses, securitySchemes } as OpenAPIObject['components'],
  };
}

const withoutServers = ({ servers: _servers, ...operation }: OperationObject) => operation;

function mergeRecord<T>(
  into: Record<string, T>,
  from: Record<string, T> | undefined,
  what: string,
) {
  for (const [name, value] of Object.entries(from ?? {})) {
    if (name in into && !isDeepStrictEqual(into[name], value)) {
      throw new Error(`${what} "${name}" differs between services`);
    }
    into[name] = value;
  }
}

function mergeNamed<T extends { name: string }>(into: T[], from: T[], what: string) {
  for (const value of from) {
    const existing = into.find((item) => item.name === value.name);
    if (!existing) into.push(value);
    else if (!isDeepStrictEqual(existing, value)) {
      throw new Error(`${what} "${value.name}" differs between services`);
    }
  }
}
