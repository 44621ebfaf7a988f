import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RejectionReason } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { REPLICA_ID } from './replica-id.js';
import { RejectionTally } from './rejection-tally.js';

/**
 * Publishes, every `HERALD_REJECTION_REPORT_INTERVAL`, one `deferral.v1`
 * report per endpoint whose tasks this replica rejected (open breaker,
 * pause). Counting is synchronous and costs a map update; a failed publish
 * keeps the counts for the next report; shutdown publishes what is left.
 * A crash loses at most one interval of counts — they feed a histogram,
 * not delivery, so that is the trade for not writing JetStream per deferral.
 */
@Injectable()
export class RejectionReporter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RejectionReporter.name);
  private readonly tally: RejectionTally;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly publisher: Publisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPLICA_ID) replica: string,
    @Inject(DISPATCHER_CONFIG) config: DispatcherConfig,
  ) {
    this.tally = new RejectionTally(replica);
    this.timer = setInterval(() => void this.flush(), config.HERALD_REJECTION_REPORT_INTERVAL);
    this.timer.unref();
  }

  count(task: { tenantId: string; endpointId: string }, reason: RejectionReason): void {
    this.tally.count(task.tenantId, task.endpointId, reason, this.clock.now());
  }

  /** Publishes every pending report; never throws (unpublished counts are kept). */
  flush(): Promise<void> {
    this.flushing ??= this.publishAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  private async publishAll(): Promise<void> {
    for (const report of this.tally.drain(this.clock.now())) {
      try {
        await this.publisher.publish('deferral.v1', report.endpointId, report, report.reportId);
      } catch (error) {
        this.tally.restore(report);
        this.logger.warn(`rejection report not published (kept): ${(error as Error).message}`);
      }
    }
  }
}
