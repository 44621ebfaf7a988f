import { serviceApiDocs, serviceApiInfo } from '@herald/service';
import { AppModule } from './app.module.js';
import { loadRegistryConfig } from './config.js';

export const REGISTRY_API = serviceApiInfo(import.meta.url, {
  service: 'registry',
  title: 'Herald registry API',
  description:
    'Tenants (platform admin token) and, per tenant, the endpoints that receive webhooks and ' +
    'their signing secrets (tenant API key). The registry is the source of truth; every ' +
    'change reaches the other services within milliseconds.',
  tags: [
    { name: 'tenants', description: 'Platform operator: tenants and their first API key.' },
    { name: 'endpoints', description: 'Where and what a tenant receives, and how it is signed.' },
  ],
});

/** For `pnpm openapi`: the default configuration (the admin token is required but never used). */
export const registryApiDocs = serviceApiDocs(
  REGISTRY_API,
  loadRegistryConfig({
    HERALD_ADMIN_TOKEN: 'documentation-only-token',
    HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true',
    HERALD_DEV_MODE: 'true',
  }),
  (config) => config.HERALD_REGISTRY_PORT,
  (config) => AppModule.forRoot(config),
);
