import type { JetStreamClient } from '@nats-io/jetstream';
import type { BaselineClient } from './baseline/baseline-client.js';
import type { HeraldApi } from './herald/herald-api.js';
import type { HeraldServices } from './herald/services.js';
import type { BenchDatabase } from './infra/database.js';
import type { CpuWatch, IoCallWatch } from './infra/proc.js';
import type { Stop } from './load/drivers.js';
import type { BenchOptions } from './options.js';
import type { ReceiverClient } from './receiver/receiver-client.js';

/** Everything a scenario needs, set up once per run by `run.ts`. */
export interface BenchContext {
  options: BenchOptions;
  namespace: string;
  js: JetStreamClient;
  receiver: ReceiverClient;
  baseline: BaselineClient;
  herald: { services: HeraldServices; api: HeraldApi; db: BenchDatabase };
  cpu: CpuWatch;
  /** Read- and write-family system calls of the same processes and servers. */
  ioCalls: IoCallWatch;
  /** Where nats-server's profiles are written (`--nats-prof`), else null. */
  natsProfileDir: string | null;
  stop: Stop;
  log: (line: string) => void;
}

/** Thrown when the run is interrupted, so scenarios end quickly and cleanly. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

export function checkStop(ctx: BenchContext): void {
  if (ctx.stop.stopped) throw new Interrupted();
  ctx.herald.services.assertAlive();
}
