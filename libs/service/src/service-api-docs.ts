import {
  packageVersion,
  type ApiDocsInfo,
  type AppModule,
  type ServiceApiDocs,
} from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';

/**
 * What a service's OpenAPI document says about it (`/docs`,
 * `docs/api/<service>.openapi.json`). The version is its package's; the
 * probes' tag follows its own; every API-key request counts against
 * `HERALD_RATE_LIMIT_API` unless `apiKeyRateLimit` says otherwise.
 */
export function serviceApiInfo(
  moduleUrl: string,
  about: Omit<ApiDocsInfo, 'version'>,
): ApiDocsInfo {
  return {
    ...about,
    version: packageVersion(moduleUrl),
    apiKeyRateLimit: about.apiKeyRateLimit ?? true,
    tags: [...about.tags, PROBES_TAG],
  };
}

/**
 * For `pnpm openapi`: the service configured with `config` (its defaults),
 * which the document does not otherwise depend on.
 */
export function serviceApiDocs<C>(
  info: ApiDocsInfo,
  config: C,
  port: (config: C) => number,
  module: (config: C) => AppModule,
): ServiceApiDocs {
  return { info, port: port(config), module: () => module(config) };
}
