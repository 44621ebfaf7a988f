import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DeferralReport } from '@herald/contracts';
import { HealthMetrics } from '../metrics/health-metrics.js';
import { WindowKeeper } from '../windows/window-keeper.js';
import { RejectionLog } from './rejection-log.js';

/**
 * Consumes `deferral.v1`: the dispatchers' counts of rejected tasks (open
 * breaker, pause). Stored once, then counted into the endpoint's histogram
 * and `herald_rejected_deliveries_total`; a redelivered report changes nothing.
 */
@Controller()
export class RejectionsHandler {
  constructor(
    private readonly log: RejectionLog,
    private readonly windows: WindowKeeper,
    private readonly metrics: HealthMetrics,
  ) {}

  @EventPattern<string>('deferral.v1')
  async handle(@Payload() report: DeferralReport): Promise<void> {
    if (!(await this.log.record(report))) return;
    this.windows.rejected(report);
    this.metrics.rejected(report);
  }
}
