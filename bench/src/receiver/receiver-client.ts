import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RpcChild } from '../lifecycle/rpc.js';
import type { Mode, Route } from './ledger.js';
import type { ReceiverHandlers } from './receiver.process.js';

/** The parent's handle on the receiver process. */
export class ReceiverClient {
  private constructor(
    private readonly rpc: RpcChild<ReceiverHandlers>,
    readonly baseUrl: string,
  ) {}

  static async start(options: { alertToken: string; logDir: string }): Promise<ReceiverClient> {
    const log = createWriteStream(path.join(options.logDir, 'receiver.log'));
    const { child, info } = await RpcChild.start<ReceiverHandlers, { port: number }>(
      path.join(import.meta.dirname, 'receiver.process.js'),
      {
        env: { BENCH_ALERT_TOKEN: options.alertToken },
        // The guard keeps Ctrl-C from killing the receiver before the bench has cleaned up.
        execArgv: [
          '--import',
          pathToFileURL(path.join(import.meta.dirname, '../lifecycle/child-guard.js')).href,
        ],
        log: (chunk) => log.write(chunk),
      },
    );
    child.process.once('exit', () => log.end());
    return new ReceiverClient(child, `http://127.0.0.1:${info.port}`);
  }

  get pid(): number {
    return this.rpc.pid;
  }

  url(routePath: string): string {
    return `${this.baseUrl}${routePath}`;
  }

  routes(routes: Route[]) {
    return this.rpc.call('routes', routes);
  }
  mode(paths: string[], mode: Mode) {
    return this.rpc.call('mode', { paths, mode });
  }
  counts(tags: string[]) {
    return this.rpc.call('counts', tags);
  }
  async count(tag: string): Promise<number> {
    return (await this.counts([tag]))[tag] ?? 0;
  }
  report(tag: string) {
    return this.rpc.call('report', tag);
  }
  global() {
    return this.rpc.call('global');
  }
  alerts() {
    return this.rpc.call('alerts');
  }
  forget(tags: string[]) {
    return this.rpc.call('forget', tags);
  }
  stop() {
    return this.rpc.stop();
  }
}
