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
