import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RejectionReason } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { PeriodicJobs } from '@herald/observability';
import { CLOCK, type Clock, type PeriodicJob } from '@herald/runtime';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
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
  private readonly job: PeriodicJob;

  constructor(
    private readonly publisher: Publisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPLICA_ID) replica: string,
    @Inject(DISPATCHER_CONFIG) config: DispatcherConfig,
    jobs: PeriodicJobs,
  ) {
    this.tally = new RejectionTally(replica);
    const every = config.HERALD_REJECTION_REPORT_INTERVAL;
    this.job = jobs.every(every, 'rejection-report', () => this.publishAll());
    void this.job.start();
  }

  count(task: { tenantId: string; endpointId: string }, reason: RejectionReason): void {
    this.tally.count(task.tenantId, task.endpointId, reason, this.clock.now());
  }

  /** Publishes every pending report (or joins the publishing in progress); unpublished counts are kept. */
  flush(): Promise<void> {
    return this.job.runNow();
  }

  /** Waits for the report in progress, then publishes what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
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
