import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIObject, OperationObject, PathItemObject, ServerObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './api-document.js';

export interface ServiceDocument {
  service: string;
  document: OpenAPIObject;
}

/**
 * The operation extension that names the services serving an operation:
 * one name for the API's routes (the gateway's route table), every name for
 * what each process answers itself (`/healthz`, `/readyz`, `/metrics`).
 */
export const SERVICES_EXTENSION = 'x-herald-services';

/** An operation of the merged document, with the services behind it. */
export type MergedOperation = OperationObject & { [SERVICES_EXTENSION]?: string[] };

/**
 * One document for the whole platform, with one server: the API address
 * (the gateway locally, the Ingress on Kubernetes). Client generators ignore
 * per-operation servers, so each operation names the service behind it in
 * `x-herald-services` instead; an operation every service serves the same
 * way (`/healthz`) appears once with all of them. Two services that disagree
 * about an operation or a component (schema, response, security scheme) or
 * tag of the same name are an error, never a silent overwrite.
 */
export function mergeApiDocuments(
  services: ServiceDocument[],
  info: OpenAPIObject['info'],
  server: ServerObject,
): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  const tags: NonNullable<OpenAPIObject['tags']> = [];
  const schemas: Record<string, unknown> = {};
  const securitySchemes: Record<string, unknown> = {};
  const responses: Record<string, unknown> = {};
  for (const { service, document } of services) {
    for (const [path, item] of Object.entries(document.paths)) {
      const target: PathItemObject = (paths[path] ??= {});
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const existing: MergedOperation | undefined = target[method];
        if (!existing) {
          const merged: MergedOperation = { ...operation, [SERVICES_EXTENSION]: [service] };
          target[method] = merged;
        } else if (isDeepStrictEqual(withoutServices(existing), operation)) {
          existing[SERVICES_EXTENSION]?.push(service);
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
    servers: [server],
    paths,
    tags,
    components: { schemas, responses, securitySchemes } as OpenAPIObject['components'],
  };
}

const withoutServices = ({ [SERVICES_EXTENSION]: _services, ...operation }: MergedOperation) =>
  operation;

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
