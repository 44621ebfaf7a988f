import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pollUntil } from './poll.js';

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

async function freePort(): Promise<number> {
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

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string>,
    /** Variables of one service only (e.g. its own NATS credentials). */
    private readonly serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ) {}

  url(name: ServiceName): string {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  async start(names: readonly ServiceName[] = SERVICE_NAMES): Promise<void> {
    for (const name of names) await this.startService(name);
  }

  async startService(name: ServiceName): Promise<RunningService> {
    const port = await freePort();
    const entry = path.join(this.root, 'apps', name, 'dist', 'main.js');
    const child = spawn(process.execPath, [...serviceNodeFlags(this.root), entry], {
      env: {
        ...process.env,
        ...this.env,
        ...this.serviceEnv[name],
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
    await pollUntil(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`${name} exited with ${child.exitCode}: ${output.join('').slice(-2000)}`);
        }
        return (await fetch(`${service.url}/readyz`)).ok;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `${name} ready` },
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\n${output.join('').slice(-2000)}`);
    });
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
