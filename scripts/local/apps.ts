/** One process `npm start` runs: a Herald service or the gateway, and its HTTP port. */
export interface AppSpec {
  name: string;
  /** The variable that sets its port (HERALD_<NAME>_PORT). */
  portVar: string;
  port: number;
}

// Registry first: it creates the read-model bucket and publishes what the others load.
const SERVICE_DEFAULTS: readonly AppSpec[] = [
  { name: 'registry', portVar: 'HERALD_REGISTRY_PORT', port: 8081 },
  { name: 'ingest', portVar: 'HERALD_INGEST_PORT', port: 8080 },
  { name: 'dispatcher', portVar: 'HERALD_DISPATCHER_PORT', port: 8082 },
  { name: 'health-monitor', portVar: 'HERALD_HEALTH_MONITOR_PORT', port: 8083 },
  { name: 'alerting', portVar: 'HERALD_ALERTING_PORT', port: 8084 },
];
// Started last, in front of the five: the one API address.
const GATEWAY_DEFAULT: AppSpec = { name: 'gateway', portVar: 'HERALD_GATEWAY_PORT', port: 8000 };

/** The five services (in start order) and the gateway, with the ports the environment sets. */
export function appsFromEnv(env: NodeJS.ProcessEnv): { services: AppSpec[]; gateway: AppSpec } {
  const withPort = (app: AppSpec): AppSpec => ({
    ...app,
    port: env[app.portVar] ? Number(env[app.portVar]) : app.port,
  });
  return { services: SERVICE_DEFAULTS.map(withPort), gateway: withPort(GATEWAY_DEFAULT) };
}

/** Why an app's port cannot be used as a port number (null when it can). */
export function portProblem(app: AppSpec, env: NodeJS.ProcessEnv): string | null {
  return Number.isInteger(app.port) && app.port >= 1 && app.port <= 65535
    ? null
    : `${app.portVar}=${env[app.portVar]} is not a port number`;
}

/** The gateway's variable for a service's address, e.g. HERALD_HEALTH_MONITOR_URL. */
export const urlVarOf = (name: string) => `HERALD_${name.toUpperCase().replace('-', '_')}_URL`;

/** Where this machine reaches a service bound to `bindHost` (a wildcard bind answers on loopback). */
export function probeHostOf(bindHost: string): string {
  return ['0.0.0.0', '::', ''].includes(bindHost) ? '127.0.0.1' : bindHost;
}

/** `http://host:port`, with an IPv6 host in brackets. */
export const httpUrl = (host: string, port: number) =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * How long to wait before starting a service that died: 1 s, doubling up to
 * 30 s while it keeps dying within a minute of its start (a crash loop), back
 * to 1 s once it has run for a minute.
 */
export const RESTART_FIRST_MS = 1_000;
export const RESTART_MAX_MS = 30_000;
export const RESTART_STABLE_MS = 60_000;
export function restartDelay(previousMs: number | undefined, ranForMs: number): number {
  return ranForMs >= RESTART_STABLE_MS || !previousMs
    ? RESTART_FIRST_MS
    : Math.min(previousMs * 2, RESTART_MAX_MS);
}

/** A service's log line for the terminal: warnings and errors only (pino levels above info). */
export const echoesToTerminal = (line: string) =>
  line !== '' && !/"level":\s*(10|20|30)\b/.test(line);
