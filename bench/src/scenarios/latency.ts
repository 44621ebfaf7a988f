import { checkStop, type BenchContext } from '../context.js';
import { drain, openLoop } from '../load/drivers.js';
import type { Lane } from '../load/lanes.js';
import { FlowPublisher } from '../load/publisher.js';
import { CpuWatch } from '../infra/proc.js';
import { figure, ratioOf, type Figure, type ScenarioResult } from '../report/results.js';
import { distribution, round, type Distribution } from '../report/stats.js';
import { verifyDeliveries, type Verification } from '../report/verify.js';
import { explainDuplicates } from './records.js';
import { latencyBreakdown } from './latency-breakdown.js';
import { eventLoopLag } from '../herald/event-loop.js';
import { growth, scrape } from '../herald/herald-api.js';
import { monotonicMs } from '../lifecycle/clock.js';
import type { HeraldSetup } from './setup.js';
import type { setUpTenEndpoints } from './throughput.js';
import { cpuPerDeliveryAtRate, type System } from './hops.js';

/**
 * Publish→receipt latency at fixed rates (open loop: the publisher keeps the
 * rate whatever the system does). Each event carries its publish time on the
 * monotonic clock; the receiver subtracts it from the time the whole request
 * arrived. Events published during the first `warmupMs` are not counted.
 */
interface Phase {
  /** Herald only: per-stage latency from Herald's own timestamps. */
  breakdown?: Awaited<ReturnType<typeof latencyBreakdown>>;
  eventLoopLag?: Awaited<ReturnType<typeof eventLoopLag>> | null;
  /** Herald only: tasks the dispatcher deferred (naked or parked), by reason, during the phase and its drain. */
  deferrals?: Record<string, number>;
  /** False when the system fell more than `maxBacklogSeconds` behind and publishing stopped early. */
  sustained: boolean;
  distribution: Distribution;
  verification: Verification;
  /** CPU seconds by process over the phase: its publishing and its drain. */
  cpuSeconds: Record<string, number>;
  achievedRate: number;
}

async function phase(
  ctx: BenchContext,
  tag: string,
  lanes: Lane[],
  rate: number,
  herald?: HeraldSetup,
): Promise<Phase> {
  checkStop(ctx);
  const { durationMs, warmupMs, maxBacklogSeconds } = ctx.options.durations.latency;
  const publisher = new FlowPublisher(ctx.js, { tag, lanes });
  const cpuBefore = ctx.cpu.snapshot();
  const wallMinusMonotonic = Date.now() - monotonicMs();
  if (herald) await eventLoopLag(ctx.herald.services);
  const dispatcher = herald ? ctx.herald.services.url('dispatcher') : null;
  const metricsBefore = dispatcher ? await scrape(dispatcher) : null;
  const { startedAt, endedAt, sustained } = await openLoop(publisher, rate, durationMs, ctx.stop, {
    backlog: async () => publisher.ledger.expectedDeliveries - (await ctx.receiver.count(tag)),
    maxBacklog: rate * maxBacklogSeconds,
  });
  await drain(ctx.receiver, [publisher], {
    deadlineMs: ctx.options.durations.drainDeadlineMs,
    quietMs: 10_000,
    stop: ctx.stop,
  });
  const cpuSeconds = CpuWatch.delta(cpuBefore, ctx.cpu.snapshot());
  const lag = herald ? await eventLoopLag(ctx.herald.services) : null;
  const deferrals =
    dispatcher && metricsBefore
      ? growth(metricsBefore, await scrape(dispatcher), 'herald_dispatcher_deferrals_total')
      : undefined;
  const report = await ctx.receiver.report(tag);
  const latencies: number[] = [];
  for (let i = 0; i < report.sent.length; i++) {
    if (report.sent[i]! >= startedAt + warmupMs)
      latencies.push(report.received[i]! - report.sent[i]!);
  }
  await ctx.receiver.forget([tag]);
  const verification = verifyDeliveries(tag, report, publisher.ledger);
  const why = herald ? await explainDuplicates(ctx, herald, report) : null;
  if (why) verification.problems.push(`${tag}: ${why}`);
  const breakdown = herald
    ? await latencyBreakdown(ctx, herald, report, wallMinusMonotonic)
    : undefined;
  return {
    ...(breakdown ? { breakdown, eventLoopLag: lag, deferrals } : {}),
    sustained,
    distribution: distribution(latencies),
    verification,
    cpuSeconds,
    achievedRate: round((publisher.ledger.total * 1000) / (endedAt - startedAt)),
  };
}

/**
 * The durable relay's p99 beside the baseline's, and Herald's beside the
 * relay's: how much of Herald's tail the two durable hops of the fixed shape
 * cost by themselves on this machine, and how much is Herald's own. No target.
 */
function relayFigures(rate: number, baseline: Phase, relay: Phase, herald: Phase): Figure[] {
  const b = round(baseline.distribution.p99, 2);
  const r = round(relay.distribution.p99, 2);
  const h = round(herald.distribution.p99, 2);
  const rRatio = ratioOf(r, b);
  const hRatio = ratioOf(h, r);
  const unsustained = relay.sustained ? '' : ' — rate not sustained by the relay';
  return [
    figure({
      metric: `latency p99 at ${rate}/s through the durable relay (store, then one JetStream hop to the sender; herald column: the relay)${unsustained}`,
      unit: 'ms',
      baseline: b,
      herald: r,
      ratio: rRatio === null ? null : round(rRatio, 2),
      ratioMeaning: 'relay ÷ baseline',
    }),
    figure({
      metric: `latency p99 at ${rate}/s, herald against the durable relay (baseline column: the relay)${unsustained}`,
      unit: 'ms',
      baseline: r,
      herald: h,
      ratio: hRatio === null ? null : round(hRatio, 2),
      ratioMeaning: 'herald ÷ durable relay',
    }),
  ];
}

/**
 * Each system's CPU per delivery over the phase at this rate, Herald's and
 * the relay's against the baseline's, and Herald's against the relay's. At a
 * fixed rate nothing queues, so batches stay as small as the rate makes
 * them, in the relay as in Herald: what the fixed shape's durable hops cost
 * a delivery when they cannot share it with a backlog. No target (the judged
 * CPU per delivery is the saturated one).
 */
export function cpuFigures(rate: number, cpu: Partial<Record<System, number>>): Figure[] {
  const pair = (metric: string, of: System, against: System, ratioMeaning: string) => {
    const [measured, reference] = [cpu[of] ?? null, cpu[against] ?? null];
    const ratio = ratioOf(measured, reference);
    return figure({
      metric,
      unit: 'ms',
      baseline: reference,
      herald: measured,
      ratio: ratio === null ? null : round(ratio, 2),
      ratioMeaning,
    });
  };
  return [
    pair(
      `CPU per delivery at ${rate}/s (the whole phase; Herald: its five services, NATS and Postgres; baseline: its process and NATS)`,
      'herald',
      'baseline',
      'herald ÷ baseline',
    ),
    pair(
      `CPU per delivery at ${rate}/s through the durable relay (herald column: the relay)`,
      'relay',
      'baseline',
      'relay ÷ baseline',
    ),
    pair(
      `CPU per delivery at ${rate}/s, herald against the durable relay (baseline column: the relay)`,
      'herald',
      'relay',
      'herald ÷ durable relay',
    ),
  ];
}

/** Herald's p99 may be at most this many times the baseline's at the same rate. */
const P99_LIMIT = 3;

export async function latencyScenario(
  ctx: BenchContext,
  steady: Awaited<ReturnType<typeof setUpTenEndpoints>>,
): Promise<ScenarioResult> {
  const figures: Figure[] = [];
  const problems: string[] = [];
  const details: Record<string, unknown> = {};
  for (const rate of ctx.options.durations.latency.rates) {
    ctx.log(`  ${rate} events/s: baseline…`);
    const baseline = await phase(ctx, `lat${rate}-b`, steady.baselineLanes, rate);
    ctx.log(`  ${rate} events/s: durable relay…`);
    const relay = await phase(ctx, `lat${rate}-r`, steady.relayLanes, rate);
    ctx.log(`  ${rate} events/s: herald…`);
    const herald = await phase(ctx, `lat${rate}-h`, steady.heraldLanes, rate, steady.herald);
    problems.push(
      ...baseline.verification.problems,
      ...relay.verification.problems,
      ...herald.verification.problems,
    );
    for (const [key, label] of [
      ['p50', 'p50'],
      ['p99', 'p99'],
      ['p999', 'p99.9'],
    ] as const) {
      const b = round(baseline.distribution[key], 2);
      const h = round(herald.distribution[key], 2);
      const ratio = ratioOf(h, b);
      // p99 is judged at every rate against the baseline's in the same run:
      // Herald must hold the rate, and stay within 3× of the baseline.
      const judged = key === 'p99';
      const unsustained = `${baseline.sustained ? '' : ' baseline'}${herald.sustained ? '' : ' herald'}`;
      figures.push(
        figure({
          metric: `latency ${label} at ${rate}/s${unsustained ? ` — rate not sustained by${unsustained}` : ''}`,
          unit: 'ms',
          baseline: b,
          herald: h,
          ratio: ratio === null ? null : round(ratio, 2),
          ratioMeaning: 'herald ÷ baseline',
          target: judged ? `herald sustains ${rate}/s, p99 ≤ ${P99_LIMIT}× baseline` : null,
          pass: judged ? herald.sustained && ratio !== null && ratio <= P99_LIMIT : null,
        }),
      );
    }
    figures.push(...relayFigures(rate, baseline, relay, herald));
    const used = (p: Phase) => ({
      cpuSeconds: p.cpuSeconds,
      deliveredWhileLoaded: p.verification.delivered,
    });
    const cpu = cpuPerDeliveryAtRate({
      baseline: used(baseline),
      relay: used(relay),
      herald: used(herald),
    });
    details[`${rate}/s`] = { baseline, relay, herald, cpuPerDelivery: cpu };
    figures.push(...cpuFigures(rate, cpu));
  }
  return {
    id: 'latency',
    title: 'Publish → receipt latency at fixed rates',
    correct: problems.length === 0,
    problems,
    figures,
    details,
  };
}
