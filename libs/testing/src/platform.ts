import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pollUntil } from './poll.js';
import { testSecretsKey } from './secrets-key.js';

export const SERVICE_NAMES = [
  'registry',
  'ingest',
  'dispatcher',
  'health-monitor',
  'alerting',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const PORT_VARS: Record<ServiceName, string> = {
  registry: 'HERALD_REGISTRY_PORT',
  ingest: 'HERALD_INGEST_PORT',
  dispatcher: 'HERALD_DISPATCHER_PORT',
  'health-monitor': 'HERALD_HEALTH_MONITOR_PORT',
  alerting: 'HERALD_ALERTING_PORT',
};

/** The Node flags every service runs with, shared with `npm start`, the bench and the image. */
export function serviceNodeFlags(root: string): string[] {
  return readFileSync(path.join(root, 'deploy', 'node-flags'), 'utf8')
    .trim()
    .split(/\s+/);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningService {
  name: ServiceName;
  url: string;
  process: ChildProcess;
  output: string[];
}

/**
 * Runs the five services as separate processes from their compiled output
 * (`pnpm build` first), each on a free port, sharing one namespace and
 * database. Resolves when every `/readyz` answers 200.
 */
export class Platform {
  readonly services = new Map<ServiceName, RunningService>();
  /** One random key for the whole platform, unless the test passes its own. */
  readonly secretsKey: string;

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
    /** How long one service may take to answer `/readyz` (longer on a loaded machine). */
    private readonly readyTimeoutMs = 30_000,
  ) {
    this.secretsKey = env.HERALD_SECRETS_KEY ?? testSecretsKey();
  }

  url(name: ServiceName): string {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  async start(names: readonly ServiceName[] = SERVICE_NAMES): Promise<void> {
    for (const name of names) await this.startService(name);
  }

  async startService(name: ServiceName): Promise<RunningService> {
    const service = await this.launch(name);
    await pollUntil(
      async () => {
        if (service.process.exitCode !== null) {
          throw new Error(
            `${name} exited with ${service.process.exitCode}: ${service.output.join('').slice(-2000)}`,
          );
        }
        return (await fetch(`${service.url}/readyz`)).ok;
      },
      { timeoutMs: this.readyTimeoutMs, intervalMs: 100, what: `${name} ready` },
    ).catch((error: Error) => {
      service.process.kill('SIGKILL');
      throw new Error(`${error.message}\n${service.output.join('').slice(-2000)}`);
    });
    return service;
  }

  /**
   * Spawns one service on a free port without waiting for it to become ready;
   * `env` overrides the platform's environment for this process only.
   */
  async launch(name: ServiceName, env: Record<string, string> = {}): Promise<RunningService> {
    const port = await freePort();
    const entry = path.join(this.root, 'apps', name, 'dist', 'main.js');
    const child = spawn(process.execPath, [...serviceNodeFlags(this.root), entry], {
      env: {
        ...process.env,
        HERALD_SECRETS_KEY: this.secretsKey,
        ...this.env,
        ...env,
        HERALD_HOST: '127.0.0.1',
        [PORT_VARS[name]]: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const log = this.logFile(name);
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      log.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => log.end());
    const service: RunningService = {
      name,
      url: `http://127.0.0.1:${port}`,
      process: child,
      output,
    };
    this.services.set(name, service);
    return service;
  }

  /**
   * Every service's output also goes to `.herald/logs/<namespace>/<service>.log`
   * (appended across restarts), so a failed end-to-end run can be read afterwards.
   */
  private logFile(name: ServiceName) {
    const dir = path.join(this.root, '.herald', 'logs', this.env.HERALD_NAMESPACE ?? 'herald');
    mkdirSync(dir, { recursive: true });
    return createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
  }

  /** Stops one service: SIGTERM (graceful drain) or SIGKILL (crash). */
  async stopService(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const service = this.services.get(name);
    if (!service) return;
    this.services.delete(name);
    if (service.process.exitCode !== null) return;
    const exited = new Promise((resolve) => service.process.once('exit', resolve));
    service.process.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    for (const name of [...this.services.keys()].reverse()) await this.stopService(name);
  }
}
