import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  freePort,
  instanceName,
  PORT_VARS,
  SERVICE_NAMES,
  serviceEntry,
  serviceNodeFlags,
  serviceProcessEnv,
  type ServiceName,
} from '@herald/testing';
import { sleep } from '../lifecycle/clock.js';

/**
 * Herald's five services as separate processes, from their compiled output
 * (`apps/<service>/bundle/main.js`, `serviceEntry`), each on a free port, sharing the run's
 * namespace and database. Modelled on the test platform runner, plus what a
 * benchmark needs: extra node flags (`--cpu-prof`), the child guard preload,
 * pids for memory and CPU readings, a watch for a service that dies, and
 * extra replicas (`dispatcher#2`) that a scenario starts and stops.
 */
export const SERVICES = SERVICE_NAMES;
export type { ServiceName };

interface Running {
  url: string;
  child: ChildProcess;
  tail: string[];
  /** Set when the bench stops this instance on purpose. */
  stopping: boolean;
}

/** `dispatcher` for the first replica, `dispatcher#2` for the second, … */
export const instanceOf = (name: ServiceName, replica = 1) => instanceName(name, replica);

export interface ServicesOptions {
  root: string;
  env: Record<string, string>;
  logDir: string;
  /** Directory for `--cpu-prof` output, or null for no profiling. */
  cpuProfileDir: string | null;
}

export class HeraldServices {
  /** By instance: `dispatcher`, `dispatcher#2`, … */
  private readonly running = new Map<string, Running>();
  private stopping = false;
  /** Set when a service exits while the run still needs it. */
  crashed: string | null = null;

  constructor(private readonly options: ServicesOptions) {}

  /**
   * All five at once: each creates the streams and buckets it uses
   * idempotently, and start-up is mostly module loading, which overlaps well.
   */
  async start(): Promise<void> {
    for (const name of SERVICES) {
      const entry = serviceEntry(this.options.root, name, { ...process.env, ...this.options.env });
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`pnpm build\` first`);
    }
    await Promise.all(SERVICES.map((s) => this.startOne(s)));
  }

  url(name: ServiceName): string {
    const service = this.running.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  pids(): Record<ServiceName, number> {
    return Object.fromEntries(
      [...this.running]
        .filter(([instance]) => !instance.includes('#'))
        .map(([name, service]) => [name, service.child.pid ?? -1]),
    ) as Record<ServiceName, number>;
  }

  /** The pid of one instance (`dispatcher#2`), or null when it is not running. */
  pidOf(instance: string): number | null {
    return this.running.get(instance)?.child.pid ?? null;
  }

  /** Running instances of a service: `dispatcher`, `dispatcher#2`, … */
  instances(name: ServiceName): string[] {
    return [...this.running.keys()].filter((i) => i === name || i.startsWith(`${name}#`));
  }

  /**
   * Starts replica `replica` of a service (1 restarts the first after
   * `stopInstance`). `onSpawn` runs with its pid before it is ready (to
   * apply a CPU quota from its first instruction).
   */
  async startReplica(
    name: ServiceName,
    replica: number,
    onSpawn?: (pid: number) => void,
  ): Promise<string> {
    const instance = instanceOf(name, replica);
    if (this.running.has(instance)) throw new Error(`${instance} is already running`);
    await this.startOne(name, instance, onSpawn);
    return instance;
  }

  /** SIGTERM to one instance (a graceful drain), waiting until it exits. */
  async stopInstance(instance: string): Promise<void> {
    const service = this.running.get(instance);
    if (!service) return;
    service.stopping = true;
    this.running.delete(instance);
    await terminate(service.child);
  }

  /** Throws if a service died during the run. */
  assertAlive(): void {
    if (this.crashed) throw new Error(this.crashed);
  }

  /** SIGTERM to all (graceful drain; profiles are written), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map(({ child }) => terminate(child)));
    this.running.clear();
  }

  private async startOne(
    name: ServiceName,
    instance: string = name,
    onSpawn?: (pid: number) => void,
  ): Promise<void> {
    const port = await freePort();
    const guard = pathToFileURL(path.join(import.meta.dirname, '../lifecycle/child-guard.js')).href;
    const profile = this.options.cpuProfileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${this.options.cpuProfileDir}`,
          `--cpu-prof-name=${instance.replace('#', '-')}.cpuprofile`,
        ]
      : [];
    const env = serviceProcessEnv({
      ...process.env,
      ...this.options.env,
      HERALD_HOST: '127.0.0.1',
      [PORT_VARS[name]]: String(port),
    });
    const child = spawn(
      process.execPath,
      [
        // The same flags as npm start and the image, replicas included: the
        // heap limit derived from this environment's budgets.
        ...serviceNodeFlags(this.options.root, name, env),
        '--import',
        guard,
        ...profile,
        // A profiled run starts the unbundled build: its samples then name the
        // package or Herald module they ran in, not a minified chunk (ADR 0093).
        this.options.cpuProfileDir
          ? path.join(this.options.root, 'apps', name, 'dist', 'main.js')
          : serviceEntry(this.options.root, name, env),
      ],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group: Ctrl-C reaches the bench only, which stops services in order.
        detached: true,
      },
    );
    if (child.pid !== undefined) onSpawn?.(child.pid);
    const log = createWriteStream(
      path.join(this.options.logDir, `${instance.replace('#', '-')}.log`),
      { flags: 'a' },
    );
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      tail.push(chunk.toString());
      if (tail.length > 50) tail.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const service: Running = { url: `http://127.0.0.1:${port}`, child, tail, stopping: false };
    child.once('exit', (code, signal) => {
      log.end();
      if (!this.stopping && !service.stopping) {
        this.crashed ??= `${instance} exited (${signal ?? code}) during the run:\n${tail.join('').slice(-3000)}`;
      }
    });
    this.running.set(instance, service);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${instance} exited at start:\n${tail.join('').slice(-3000)}`);
      }
      const ready = await fetch(`${service.url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        throw new Error(`${instance} not ready after 60 s:\n${tail.join('').slice(-3000)}`);
      }
      await sleep(100);
    }
  }
}

/** SIGTERM (a graceful drain; profiles are written), SIGKILL after 20 s; resolves once it exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
