import type { DeferralReport, RejectionReason } from '@herald/contracts';

interface Tally {
  tenantId: string;
  from: number;
  counts: Record<RejectionReason, number>;
}

/**
 * Rejections counted per endpoint since the last report. Plain data: no I/O,
 * no clock (the caller passes times). `drain` hands out one report per
 * endpoint with something to report and forgets it; `restore` puts a report
 * back after a failed publish, so counts are never lost while the process runs.
 */
export class RejectionTally {
  private readonly tallies = new Map<string, Tally>();
  private sequence = 0;

  constructor(private readonly replica: string) {}

  count(tenantId: string, endpointId: string, reason: RejectionReason, now: number): void {
    let tally = this.tallies.get(endpointId);
    if (!tally) {
      tally = { tenantId, from: now, counts: { breaker_open: 0, endpoint_paused: 0 } };
      this.tallies.set(endpointId, tally);
    }
    tally.counts[reason] += 1;
  }

  drain(now: number): DeferralReport[] {
    const reports: DeferralReport[] = [];
    for (const [endpointId, tally] of this.tallies) {
      this.sequence += 1;
      reports.push({
        reportId: `${this.replica}:${endpointId}:${this.sequence}`,
        tenantId: tally.tenantId,
        endpointId,
        replica: this.replica,
        from: new Date(tally.from).toISOString(),
        to: new Date(Math.max(now, tally.from)).toISOString(),
        counts: { ...tally.counts },
      });
    }
    this.tallies.clear();
    return reports;
  }

  /** Adds an unpublished report's counts back (they go out with the next report). */
  restore(report: DeferralReport): void {
    const from = Date.parse(report.from);
    for (const reason of ['breaker_open', 'endpoint_paused'] as const) {
      for (let i = 0; i < report.counts[reason]; i++) {
        this.count(report.tenantId, report.endpointId, reason, from);
      }
    }
    const tally = this.tallies.get(report.endpointId);
    if (tally) tally.from = Math.min(tally.from, from);
  }

  get pending(): number {
    return this.tallies.size;
  }
}
