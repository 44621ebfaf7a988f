import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commonEnv, durationVar, loadConfig, portVar, urlVar } from '@herald/config';

/** The merged OpenAPI document in this checkout (or image): the route table's source. */
const DEFAULT_OPENAPI = fileURLToPath(
  new URL('../../../docs/api/herald.openapi.json', import.meta.url),
);

const upstream = (port: number) => urlVar(`http://127.0.0.1:${port}`, ['http:', 'https:']);

/** Unset and empty both mean "not configured". */
const optionalPath = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? path.resolve(value.trim()) : undefined));

/**
 * The gateway's environment; validated once at start. Each upstream is where
 * that service answers (the same `HERALD_<SERVICE>_URL` the CLI reads); on
 * Kubernetes, its Service (`http://registry:8081`).
 */
export const gatewayEnvSchema = z.object({
  HERALD_HOST: commonEnv.HERALD_HOST,
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  HERALD_GATEWAY_PORT: portVar(8000),
  HERALD_INGEST_URL: upstream(8080),
  HERALD_REGISTRY_URL: upstream(8081),
  HERALD_DISPATCHER_URL: upstream(8082),
  HERALD_HEALTH_MONITOR_URL: upstream(8083),
  HERALD_ALERTING_URL: upstream(8084),
  /** The merged OpenAPI document whose `x-herald-services` give the route table. */
  HERALD_GATEWAY_OPENAPI: z.string().default(DEFAULT_OPENAPI),
  /** Longest wait for an upstream's answer before the gateway answers 504. */
  HERALD_GATEWAY_UPSTREAM_TIMEOUT: durationVar('30s'),
  /** A directory of static files served at `/portal/` (the tenant portal); unset → none. */
  HERALD_PORTAL_DIR: optionalPath,
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(gatewayEnvSchema, env);

/** Service name (as in `x-herald-services`) → its base URL. */
export function upstreams(config: GatewayConfig): Record<string, string> {
  return {
    ingest: config.HERALD_INGEST_URL,
    registry: config.HERALD_REGISTRY_URL,
    dispatcher: config.HERALD_DISPATCHER_URL,
    'health-monitor': config.HERALD_HEALTH_MONITOR_URL,
    alerting: config.HERALD_ALERTING_URL,
  };
}
