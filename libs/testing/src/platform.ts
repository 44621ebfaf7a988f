import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_NATS_URL } from './isolation.js';
import { HERALD_SERVICES, type HeraldService } from '@herald/nats-auth';
import { pollUntil } from './poll.js';
import { serviceEntry, serviceNodeFlags, serviceProcessEnv } from '@herald/heap-budget';
import { testSecretsKey } from './secrets-key.js';

/** The five services, in the order the platform starts them. */
export const SERVICE_NAMES = HERALD_SERVICES;
export type ServiceName = HeraldService;
/** A process the harness can run: a service, or the gateway in front of them. */
export type AppName = ServiceName | 'gateway';

/** The variable each app reads for its HTTP port. */
export const PORT_VARS: Record<AppName, string> = {
  registry: 'HERALD_REGISTRY_PORT',
  ingest: 'HERALD_INGEST_PORT',
  dispatcher: 'HERALD_DISPATCHER_PORT',
  'health-monitor': 'HERALD_HEALTH_MONITOR_PORT',
  alerting: 'HERALD_ALERTING_PORT',
  gateway: 'HERALD_GATEWAY_PORT',
};

/** The variable the gateway (and the CLI) reads for a service's address. */
export const urlVar = (name: ServiceName) => `HERALD_${name.toUpperCase().replace('-', '_')}_URL`;

/** `dispatcher` for the first replica, `dispatcher#2` for the second, … */
export const instanceName = (name: AppName, replica = 1) =>
  replica === 1 ? name : `${name}#${replica}`;

/**
 * The Node flags a service runs with under an environment — the shared ones
 * and its heap limit derived from its budgets — and the file it starts from
 * (its bundle), as with `npm start`, the bench and the image (`@herald/heap-budget`).
 */
export { serviceEntry, serviceNodeFlags, serviceProcessEnv };

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningService {
  name: AppName;
  /** `name`, or `name#<replica>` from the second replica on. */
  instance: string;
  url: string;
  process: ChildProcess;
  output: string[];
}

/**
 * Runs the five services as separate processes from their compiled output
 * (`pnpm build` first), each on a free port, sharing one namespace and
 * database — several replicas of a service if asked, and the gateway in
 * front of them. Resolves when every `/readyz` answers 200.
 */
export class Platform {
  /** By instance name: `registry`, `registry#2`, `gateway`. */
  readonly services = new Map<string, RunningService>();
  /** One random key for the whole platform, unless the test passes its own. */
  readonly secretsKey: string;

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
    /** How long one process may take to become ready (longer on a loaded machine). */
    private readonly readyTimeoutMs = 60_000,
    /** Variables of one service only (e.g. its own NATS credentials). */
    private readonly serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ) {
    this.secretsKey = env.HERALD_SECRETS_KEY ?? testSecretsKey();
  }

  /** The address of one instance (the first replica unless named `name#2`). */
  url(instance: string): string {
    const service = this.services.get(instance);
    if (!service) throw new Error(`${instance} is not running`);
    return service.url;
  }

  /** Starts each service once, or `replicas` times each (one after the other). */
  async start(names: readonly ServiceName[] = SERVICE_NAMES, replicas = 1): Promise<void> {
    for (const name of names) {
      for (let replica = 1; replica <= replicas; replica += 1) {
        await this.startService(name, replica);
      }
    }
  }

  /** The gateway, forwarding to the first replica of each running service. */
  async startGateway(): Promise<RunningService> {
    const upstreams = Object.fromEntries(
      SERVICE_NAMES.filter((name) => this.services.has(name)).map((name) => [
        urlVar(name),
        this.url(name),
      ]),
    );
    return this.startService('gateway', 1, upstreams);
  }

  /** Starts one instance and waits until its `/readyz` answers 200. */
  async startService(
    name: AppName,
    replica = 1,
    extraEnv: Record<string, string> = {},
  ): Promise<RunningService> {
    const service = await this.launch(name, extraEnv, replica);
    await pollUntil(
      async () => {
        if (service.process.exitCode !== null) {
          throw new Error(
            `${service.instance} exited with ${service.process.exitCode}: ${service.output.join('').slice(-2000)}`,
          );
        }
        return (await fetch(`${service.url}/readyz`)).ok;
      },
      { timeoutMs: this.readyTimeoutMs, intervalMs: 100, what: `${service.instance} ready` },
    ).catch((error: Error) => {
      service.process.kill('SIGKILL');
      throw new Error(`${error.message}\n${service.output.join('').slice(-2000)}`);
    });
    return service;
  }

  /**
   * Spawns one instance on a free port without waiting for it to become ready;
   * `env` overrides the platform's environment for this process only.
   */
  async launch(
    name: AppName,
    env: Record<string, string> = {},
    replica = 1,
  ): Promise<RunningService> {
    const port = await freePort();
    const instance = instanceName(name, replica);
    const childEnv = serviceProcessEnv({
      ...process.env,
      HERALD_SECRETS_KEY: this.secretsKey,
      ...this.env,
      ...(this.serviceEnv as Record<string, Record<string, string>>)[name],
      ...env,
      HERALD_HOST: '127.0.0.1',
      [PORT_VARS[name]]: String(port),
    });
    const entry = serviceEntry(this.root, name, childEnv);
    const child = spawn(process.execPath, [...serviceNodeFlags(this.root, name, childEnv), entry], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const log = this.logFile(instance);
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      log.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => log.end());
    const service: RunningService = {
      name,
      instance,
      url: `http://127.0.0.1:${port}`,
      process: child,
      output,
    };
    this.services.set(instance, service);
    return service;
  }

  /**
   * Every service's output also goes to `.herald/logs/<namespace>/<instance>.log`
   * (appended across restarts), so a failed end-to-end run can be read afterwards.
   */
  private logFile(instance: string) {
    const dir = path.join(this.root, '.herald', 'logs', this.env.HERALD_NAMESPACE ?? 'herald');
    mkdirSync(dir, { recursive: true });
    return createWriteStream(path.join(dir, `${instance.replace('#', '-')}.log`), { flags: 'a' });
  }

  /** Stops one instance: SIGTERM (graceful drain) or SIGKILL (crash). */
  async stopService(instance: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const service = this.services.get(instance);
    if (!service) return;
    this.services.delete(instance);
    if (service.process.exitCode !== null) return;
    const exited = new Promise((resolve) => service.process.once('exit', resolve));
    service.process.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    for (const name of [...this.services.keys()].reverse()) await this.stopService(name);
  }
}

/**
 * The variables of one service started inside a test process: the shared
 * NATS, the test's database and namespace, a random secrets key, any free
 * port on 127.0.0.1, no logs.
 */
export function inProcessEnv(
  name: ServiceName,
  namespace: string,
  databaseUrl: string,
): Record<string, string> {
  return {
    NATS_URL: TEST_NATS_URL,
    DATABASE_URL: databaseUrl,
    HERALD_NAMESPACE: namespace,
    HERALD_SECRETS_KEY: testSecretsKey(),
    [PORT_VARS[name]]: '0',
    HERALD_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
}
