import { checkStop, type BenchContext } from '../context.js';
import { closedLoop, drain } from '../load/drivers.js';
import { FlowPublisher } from '../load/publisher.js';
import type { Lane } from '../load/lanes.js';
import type { TagReport } from '../receiver/ledger.js';
import { readWal, walBetween, type WalCounters } from '../infra/database.js';
import { CpuWatch, IoCallWatch } from '../infra/proc.js';
import { captureNatsProfile } from '../infra/nats-profile.js';
import { eventLoopLag } from '../herald/event-loop.js';
import { growth, scrape, type Sample } from '../herald/herald-api.js';
import { countIn, rateIn, round } from '../report/stats.js';
import { verifyDeliveries, type Verification } from '../report/verify.js';
import { explainDuplicates } from './records.js';
import type { HeraldSetup } from './setup.js';

/**
 * A saturated phase shared by the throughput and isolation scenarios: keep
 * the counted lanes saturated (closed loop) for warm-up + window, count the
 * deliveries received inside the window, then drain and verify everything.
 */
export interface SaturationResult {
  /** Deliveries per second received on the counted lanes within the window. */
  rate: number;
  published: number;
  verification: Verification;
  riderVerification: Verification | null;
  riders: { published: number; delivered: number; hungRequests: number } | null;
  report: TagReport;
  /** CPU seconds per process over the loaded period (warm-up and window). */
  cpuSeconds: Record<string, number>;
  /** Read- and write-family system calls per process over the same period. */
  ioCalls: Record<string, number>;
  /** Postgres's write-ahead log over the same period (the whole server), where it could be read. */
  wal: WalCounters | null;
  /** Deliveries received on the counted lanes over that same period. */
  deliveredWhileLoaded: number;
  /** Herald phases: each service's event-loop delay (p99, max) during the loaded period. */
  eventLoopLag: Awaited<ReturnType<typeof eventLoopLag>> | null;
  drainMs: number;
  /** Herald phases: tasks the dispatcher deferred (naked or parked), by reason, during the phase and its drain. */
  deferrals: Record<string, number> | null;
  /** With `--nats-prof` and `profileNats`: nats-server's CPU profile over the loaded period (gzipped pprof), when it could be taken. */
  natsProfile: Uint8Array | null;
}

export async function saturate(
  ctx: BenchContext,
  options: {
    tag: string;
    lanes: Lane[];
    riders?: { tag: string; lanes: Lane[]; verify: boolean };
    warmupMs: number;
    windowMs: number;
    maxOutstanding: number;
    /** For a Herald phase: the tenant's endpoints, to explain duplicates from the attempt log. */
    herald?: HeraldSetup;
    /** Size of each counted event (1 KiB by default). */
    payloadBytes?: number;
    /** Profile nats-server over the loaded period, when the run was given `--nats-prof`. */
    profileNats?: boolean;
  },
): Promise<SaturationResult> {
  checkStop(ctx);
  const counted = new FlowPublisher(
    ctx.js,
    { tag: options.tag, lanes: options.lanes },
    options.payloadBytes,
  );
  const rider = options.riders
    ? new FlowPublisher(ctx.js, { tag: options.riders.tag, lanes: options.riders.lanes })
    : null;
  const walBefore = await readWal(ctx.herald.db);
  const cpuBefore = ctx.cpu.snapshot();
  const ioBefore = ctx.ioCalls.snapshot();
  if (options.herald) await eventLoopLag(ctx.herald.services);
  const dispatcher = options.herald ? ctx.herald.services.url('dispatcher') : null;
  const metricsBefore: Sample[] | null = dispatcher ? await scrape(dispatcher) : null;
  // The profile runs for the loaded period, begun with it.
  const natsProfile =
    ctx.options.natsProfile && options.profileNats
      ? captureNatsProfile(ctx.options.natsProfile, (options.warmupMs + options.windowMs) / 1_000)
      : null;
  const { startedAt, endedAt } = await closedLoop({
    counted: [counted],
    riders: rider ? [rider] : [],
    receiver: ctx.receiver,
    maxOutstanding: options.maxOutstanding,
    durationMs: options.warmupMs + options.windowMs,
    stop: ctx.stop,
  });
  const cpuSeconds = CpuWatch.delta(cpuBefore, ctx.cpu.snapshot());
  const ioCalls = IoCallWatch.delta(ioBefore, ctx.ioCalls.snapshot());
  const wal = walBetween(walBefore, await readWal(ctx.herald.db));
  const natsProfileBytes = natsProfile ? await natsProfile : null;
  const lag = options.herald ? await eventLoopLag(ctx.herald.services) : null;
  checkStop(ctx);
  const drained = await drain(
    ctx.receiver,
    rider && options.riders?.verify ? [counted, rider] : [counted],
    { deadlineMs: ctx.options.durations.drainDeadlineMs, quietMs: 10_000, stop: ctx.stop },
  );
  const deferrals =
    dispatcher && metricsBefore
      ? growth(metricsBefore, await scrape(dispatcher), 'herald_dispatcher_deferrals_total')
      : null;
  const report = await ctx.receiver.report(options.tag);
  const windowStart = startedAt + options.warmupMs;
  const rate = rateIn(report.received, windowStart, windowStart + options.windowMs);
  const verification = verifyDeliveries(options.tag, report, counted.ledger);
  const why = options.herald ? await explainDuplicates(ctx, options.herald, report) : null;
  if (why) verification.problems.push(`${options.tag}: ${why}`);
  let riderVerification: Verification | null = null;
  let riders: SaturationResult['riders'] = null;
  if (rider) {
    const riderReport = await ctx.receiver.report(rider.flow.tag);
    riders = {
      published: rider.ledger.total,
      delivered: riderReport.unique,
      hungRequests: riderReport.hungRequests,
    };
    if (options.riders?.verify) {
      riderVerification = verifyDeliveries(rider.flow.tag, riderReport, rider.ledger);
    }
  }
  await ctx.receiver.forget(rider ? [options.tag, rider.flow.tag] : [options.tag]);
  return {
    rate: round(rate),
    published: counted.ledger.total,
    verification,
    riderVerification,
    riders,
    report,
    cpuSeconds,
    ioCalls,
    wal,
    deliveredWhileLoaded: countIn(report.received, startedAt, endedAt),
    eventLoopLag: lag,
    drainMs: Math.round(drained.waitedMs),
    deferrals,
    natsProfile: natsProfileBytes,
  };
}
