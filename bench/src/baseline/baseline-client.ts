import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RpcChild } from '../lifecycle/rpc.js';
import type { BaselineHandlers } from './baseline.process.js';
import type { RelayHandlers } from './relay.process.js';

interface StartOptions {
  natsUrl: string;
  namespace: string;
  logDir: string;
  cpuProfileDir: string | null;
}

/** Forks one of the bench's reference pipelines (`<name>.process.js`), logging to `<name>.log`. */
async function startProcess<H extends BaselineHandlers | RelayHandlers>(
  name: 'baseline' | 'relay',
  options: StartOptions,
  env: Record<string, string> = {},
): Promise<RpcChild<H>> {
  const label = env.RELAY_ROLE ? `${name}-${env.RELAY_ROLE}` : name;
  const log = createWriteStream(path.join(options.logDir, `${label}.log`));
  const guard = pathToFileURL(path.join(import.meta.dirname, '../lifecycle/child-guard.js')).href;
  const { child } = await RpcChild.start<H, { stream: string }>(
    path.join(import.meta.dirname, `${name}.process.js`),
    {
      env: { NATS_URL: options.natsUrl, BENCH_NAMESPACE: options.namespace, ...env },
      execArgv: [
        '--import',
        guard,
        ...(options.cpuProfileDir
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${options.cpuProfileDir}`,
              `--cpu-prof-name=${label}.cpuprofile`,
            ]
          : []),
      ],
      log: (chunk) => log.write(chunk),
    },
  );
  child.process.once('exit', () => log.end());
  return child;
}

/** The parent's handle on the baseline process. */
export class BaselineClient {
  private constructor(private readonly rpc: RpcChild<BaselineHandlers>) {}

  static async start(options: StartOptions): Promise<BaselineClient> {
    return new BaselineClient(await startProcess<BaselineHandlers>('baseline', options));
  }

  get pid(): number {
    return this.rpc.pid;
  }

  routes(table: Record<string, { url: string; secret: string }>) {
    return this.rpc.call('routes', table);
  }

  stats() {
    return this.rpc.call('stats');
  }

  stop() {
    return this.rpc.stop();
  }
}

/**
 * The parent's handle on one process of the durable relay: `store` keeps each
 * event and hands it to the baseline; `log` keeps the attempts the baseline
 * publishes for those tasks.
 */
export class RelayClient {
  private constructor(private readonly rpc: RpcChild<RelayHandlers>) {}

  static async start(
    options: StartOptions & { databaseUrl: string; role: 'store' | 'log' },
  ): Promise<RelayClient> {
    return new RelayClient(
      await startProcess<RelayHandlers>('relay', options, {
        DATABASE_URL: options.databaseUrl,
        RELAY_ROLE: options.role,
      }),
    );
  }

  get pid(): number {
    return this.rpc.pid;
  }

  stats() {
    return this.rpc.call('stats');
  }

  stop() {
    return this.rpc.stop();
  }
}
