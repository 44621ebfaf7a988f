import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RpcChild } from '../lifecycle/rpc.js';
import type { BaselineHandlers } from './baseline.process.js';

/** The parent's handle on the baseline process. */
export class BaselineClient {
  private constructor(private readonly rpc: RpcChild<BaselineHandlers>) {}

  static async start(options: {
    natsUrl: string;
    namespace: string;
    logDir: string;
    cpuProfileDir: string | null;
  }): Promise<BaselineClient> {
    const log = createWriteStream(path.join(options.logDir, 'baseline.log'));
    const guard = pathToFileURL(path.join(import.meta.dirname, '../lifecycle/child-guard.js')).href;
    const { child } = await RpcChild.start<BaselineHandlers, { stream: string }>(
      path.join(import.meta.dirname, 'baseline.process.js'),
      {
        env: { NATS_URL: options.natsUrl, BENCH_NAMESPACE: options.namespace },
        execArgv: [
          '--import',
          guard,
          ...(options.cpuProfileDir
            ? [
                '--cpu-prof',
                `--cpu-prof-dir=${options.cpuProfileDir}`,
                '--cpu-prof-name=baseline.cpuprofile',
              ]
            : []),
        ],
        log: (chunk) => log.write(chunk),
      },
    );
    child.process.once('exit', () => log.end());
    return new BaselineClient(child);
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
