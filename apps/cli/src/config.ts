import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the services are and which credentials to use. Each address is, in
 * order: the `--<service>` flag, `HERALD_<SERVICE>_URL`, the one API address
 * (`--api`, `HERALD_API_URL`, then the `API=…` line the root `npm start`
 * writes to `.herald/env`, read from the current directory: the gateway), the
 * service's own line there (`REGISTRY=…`), else the default local port. Credentials: `--key` or
 * `HERALD_API_KEY` (tenant routes), `--admin-token` or `HERALD_ADMIN_TOKEN`
 * (operator routes).
 */
export const SERVICES = {
  registry: { envFile: 'REGISTRY', port: 8081 },
  ingest: { envFile: 'INGEST', port: 8080 },
  dispatcher: { envFile: 'DISPATCHER', port: 8082 },
  'health-monitor': { envFile: 'HEALTH_MONITOR', port: 8083 },
  alerting: { envFile: 'ALERTING', port: 8084 },
} as const;

export type Service = keyof typeof SERVICES;

export interface CliConfig {
  urls: Record<Service, string>;
  apiKey: string | undefined;
  adminToken: string | undefined;
}

/** `KEY=value` lines of a shell env file (comments and blanks ignored). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

export function resolveConfig(
  flags: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
  cwd: string,
): CliConfig {
  const envFile = path.join(cwd, '.herald', 'env');
  const fromFile = existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const urls = {} as Record<Service, string>;
  const api = (typeof flags.api === 'string' ? flags.api : undefined) ?? env.HERALD_API_URL;
  for (const [service, { envFile: name, port }] of Object.entries(SERVICES)) {
    const variable = `HERALD_${service.toUpperCase().replace('-', '_')}_URL`;
    const flag = flags[service];
    urls[service as Service] = (
      (typeof flag === 'string' ? flag : undefined) ??
      env[variable] ??
      api ??
      fromFile.API ??
      fromFile[name] ??
      `http://127.0.0.1:${port}`
    ).replace(/\/$/, '');
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    urls,
    apiKey: text(flags.key) ?? env.HERALD_API_KEY,
    adminToken: text(flags['admin-token']) ?? env.HERALD_ADMIN_TOKEN,
  };
}
