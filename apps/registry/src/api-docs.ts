import { packageVersion, type ApiDocsInfo, type ServiceApiDocs } from '@herald/http-api';
import { PROBES_TAG } from '@herald/observability';
import { AppModule } from './app.module.js';
import { loadRegistryConfig } from './config.js';

/** What the registry's OpenAPI document says about it (`/docs`, `docs/api/registry.openapi.json`). */
/** The document is built without a running registry; its token is never used. */
const DOCS_ENV = {
  HERALD_ADMIN_TOKEN: 'documentation-only-token',
  HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true',
  HERALD_DEV_MODE: 'true',
};

export const REGISTRY_API: ApiDocsInfo = {
  service: 'registry',
  title: 'Herald registry API',
  description:
    'Tenants (platform admin token) and, per tenant, the endpoints that receive webhooks and ' +
    'their signing secrets (tenant API key). The registry is the source of truth; every ' +
    'change reaches the other services within milliseconds.',
  version: packageVersion(import.meta.url),
  apiKeyRateLimit: true,
  tags: [
    { name: 'tenants', description: 'Platform operator: tenants and their first API key.' },
    { name: 'endpoints', description: 'Where and what a tenant receives, and how it is signed.' },
    PROBES_TAG,
  ],
};

/** For `pnpm openapi`: the default configuration (the admin token is required but never used). */
export const registryApiDocs: ServiceApiDocs = {
  info: REGISTRY_API,
  port: loadRegistryConfig(DOCS_ENV).HERALD_REGISTRY_PORT,
  module: () => AppModule.forRoot(loadRegistryConfig(DOCS_ENV)),
};
