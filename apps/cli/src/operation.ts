import type { Service } from './config.js';

/** One route of one service, as the committed OpenAPI describes it (see generated/operations.ts). */
export interface Operation {
  service: Service;
  /** The operationId in kebab case: `list-dead-letters`. */
  command: string;
  method: string;
  /** OpenAPI path with `{param}` placeholders. */
  path: string;
  summary: string;
  pathParams: string[];
  query: { name: string; description: string; repeatable: boolean }[];
  body: boolean;
  /** Which credential the route takes: tenant API key, admin token, either, none. */
  auth: 'apiKey' | 'admin' | 'either' | 'none';
}

/** A query parameter of the generated table: its name, its description's first line, whether it repeats. */
export type QueryRow = readonly [name: string, description: string, repeatable: boolean];

/**
 * One row of the generated table: service, command, method, path, summary,
 * credential, whether it takes a body, and its query parameters (indices into
 * the table's query parameters).
 */
export type OperationRow = readonly [
  service: Service,
  command: string,
  method: string,
  path: string,
  summary: string,
  auth: Operation['auth'],
  body: boolean,
  query: readonly number[],
];

/** The path's `{placeholders}`, in order: `/v1/endpoints/{id}/attempts` → `['id']`. */
export const pathParamsOf = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);

/** The operations of a generated table. */
export function operationsFrom(
  query: readonly QueryRow[],
  rows: readonly OperationRow[],
): Operation[] {
  return rows.map(([service, command, method, path, summary, auth, body, params]) => ({
    service,
    command,
    method,
    path,
    summary,
    pathParams: pathParamsOf(path),
    query: params.map((index) => {
      const [name, description, repeatable] = query[index]!;
      return { name, description, repeatable };
    }),
    body,
    auth,
  }));
}
