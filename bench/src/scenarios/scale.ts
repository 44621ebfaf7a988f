import type { JetStreamManager } from '@nats-io/jetstream';
import { HEALTH_PARTITIONS, Namespace, partitionOf } from '@herald/contracts';
import { checkStop, type BenchContext } from '../context.js';
import { instanceOf, type ServiceName } from '../herald/services.js';
import { CpuQuota } from '../infra/cpu-quota.js';
import { drain } from '../load/drivers.js';
import { FlowPublisher } from '../load/publisher.js';
import { sleep } from '../lifecycle/clock.js';
import { monotonicMs } from '../lifecycle/clock.js';
import { figure, type Figure, type ScenarioResult } from '../report/results.js';
import { round } from '../report/stats.js';
import { verifyDeliveries } from '../report/verify.js';
import { saturate } from './measure.js';
import type { setUpTenEndpoints } from './throughput.js';

/**
 * Scale-out: throughput per replica count, each replica held to the same CPU
 * quota (cgroup v1 `cpu.cfs_quota_us`), so that adding a replica adds a fixed
 * amount of CPU and the other services, unlimited, are not the bottleneck.
 *
 * - Dispatcher, 1, 2 and 3 replicas: deliveries/s in a closed loop on the
 *   throughput scenario's 10 endpoints.
 * - Health-monitor, 1 and 2 instances: with every instance stopped, a
 *   backlog of attempt records builds up in the attempts stream (real
 *   deliveries, their attempts unconsumed); then N instances start and the
 *   stream's drain rate is their throughput, timed once their partition
 *   leases have settled; the report gives how the bench's endpoints (and so
 *   the attempts) fell between them.
 *
 * Targets: ≥ 1.8× the one-replica figure at 2 replicas, ≥ 2.5× at 3.
 */
const TARGETS: Record<number, number> = { 2: 1.8, 3: 2.5 };
/**
 * A replica count whose least-throttled replica was held back by its quota
 * less than this share of the measured time was not CPU-bound: something
 * else (the unlimited services, NATS, Postgres, the machine's free cores)
 * set the pace, and the ratio says little about the replicas.
 */
const CPU_BOUND_SHARE = 0.3;
const DISPATCHERS = [1, 2, 3];
const HEALTH_MONITORS = [1, 2];

export async function scaleScenario(
  ctx: BenchContext,
  steady: Awaited<ReturnType<typeof setUpTenEndpoints>>,
): Promise<ScenarioResult> {
  const settings = ctx.options.durations.scale;
  const { services } = ctx.herald;
  const quota = CpuQuota.open(ctx.namespace, settings.cpus);
  if (quota.enabled) {
    ctx.log(`  each replica limited to ${settings.cpus} CPU (cgroup v1 cpu.cfs_quota_us)`);
  } else {
    ctx.log(`  NOTICE: ${quota.unavailable}`);
  }
  const problems: string[] = [];
  const dispatcher: Array<{
    replicas: number;
    rate: number;
    quotaBound: (number | null)[];
  }> = [];
  const healthMonitor: Array<{
    replicas: number;
    rate: number;
    backlog: number;
    measuredMs: number;
    consumed: number;
    quotaBound: (number | null)[];
    /** The bench's endpoints per replica once the partition leases settled. */
    endpointSplit: number[];
  }> = [];
  const limit = (name: ServiceName, replica: number) => (pid: number) =>
    quota.limit(instanceOf(name, replica), pid);
  const periods = (name: ServiceName, replicas: number) =>
    Array.from({ length: replicas }, (_, i) => quota.periods(instanceOf(name, i + 1)));
  /** Per replica, the share of CFS periods since `before` in which the quota ran out. */
  const boundShares = (before: ReturnType<typeof periods>, after: ReturnType<typeof periods>) =>
    after.map((now, i) => {
      const then = before[i] ?? { periods: 0, throttled: 0 };
      if (!now || now.periods <= then.periods) return null;
      return round((now.throttled - then.throttled) / (now.periods - then.periods), 2);
    });

  try {
    // ---- dispatcher: 1, 2, 3 replicas
    limit('dispatcher', 1)(pidOrThrow(ctx, 'dispatcher'));
    for (const replicas of DISPATCHERS) {
      checkStop(ctx);
      if (replicas > 1) {
        await services.startReplica('dispatcher', replicas, limit('dispatcher', replicas));
      }
      // Quota use over the measured window only (not the warm-up, not the drain).
      let before = periods('dispatcher', replicas);
      let after: typeof before | null = null;
      const windowStart = setTimeout(() => {
        before = periods('dispatcher', replicas);
      }, settings.warmupMs);
      const windowEnd = setTimeout(() => {
        after = periods('dispatcher', replicas);
      }, settings.warmupMs + settings.windowMs);
      const result = await saturate(ctx, {
        tag: `scale-d${replicas}`,
        lanes: steady.heraldLanes,
        herald: steady.herald,
        warmupMs: settings.warmupMs,
        windowMs: settings.windowMs,
        maxOutstanding: settings.maxOutstanding,
      });
      clearTimeout(windowStart);
      clearTimeout(windowEnd);
      problems.push(...result.verification.problems);
      after ??= periods('dispatcher', replicas);
      dispatcher.push({
        replicas,
        rate: result.rate,
        quotaBound: boundShares(before, after),
      });
      ctx.log(`  ${replicas} dispatcher(s): ${result.rate} deliveries/s`);
    }
    for (const replicas of DISPATCHERS.slice(1)) {
      await services.stopInstance(instanceOf('dispatcher', replicas));
      quota.unlimit(instanceOf('dispatcher', replicas));
    }
    quota.unlimit('dispatcher');

    // ---- health-monitor: 1, 2 instances draining a backlog of attempts
    const jsm = await ctx.js.jetstreamManager();
    const stream = new Namespace(ctx.namespace).stream('attempt.v1');
    const stored = async () => (await jsm.streams.info(stream)).state.messages;
    for (const replicas of HEALTH_MONITORS) {
      checkStop(ctx);
      for (const instance of services.instances('health-monitor')) {
        await services.stopInstance(instance);
        quota.unlimit(instance);
      }
      const publisher = new FlowPublisher(ctx.js, {
        tag: `scale-hm${replicas}`,
        lanes: steady.heraldLanes,
      });
      await publisher.burst(settings.attemptBacklog, 256);
      await drain(ctx.receiver, [publisher], {
        deadlineMs: ctx.options.durations.drainDeadlineMs,
        quietMs: 10_000,
        stop: ctx.stop,
      });
      const report = await ctx.receiver.report(publisher.flow.tag);
      problems.push(...verifyDeliveries(publisher.flow.tag, report, publisher.ledger).problems);
      await ctx.receiver.forget([publisher.flow.tag]);
      const backlog = await stored();
      ctx.log(`  ${backlog} attempts waiting; starting ${replicas} health-monitor(s)…`);
      await Promise.all(
        Array.from({ length: replicas }, (_, i) =>
          services.startReplica('health-monitor', i + 1, limit('health-monitor', i + 1)),
        ),
      );
      // Measured once every instance is ready and the partitions have settled
      // (each replica holds its share), until the window ends or the backlog
      // is nearly gone (its tail would time the last few only).
      const owners = await settledPartitions(ctx, jsm, replicas);
      const endpointSplit = [...new Set(owners)].map(
        (owner) =>
          steady.herald.endpoints.filter((e) => owners[partitionOf(e.id)] === owner).length,
      );
      const before = periods('health-monitor', replicas);
      const startedAt = monotonicMs();
      const first = await stored();
      let last = first;
      let endedAt = startedAt;
      while (monotonicMs() - startedAt < settings.hmWindowMs && last > first * 0.05) {
        checkStop(ctx);
        await sleep(200);
        last = await stored();
        endedAt = monotonicMs();
      }
      const measuredMs = endedAt - startedAt;
      const rate = measuredMs > 0 ? round(((first - last) / measuredMs) * 1000) : 0;
      const after = periods('health-monitor', replicas);
      healthMonitor.push({
        replicas,
        rate,
        backlog,
        measuredMs: Math.round(measuredMs),
        consumed: first - last,
        quotaBound: boundShares(before, after),
        endpointSplit,
      });
      if (first < settings.attemptBacklog / 4) {
        problems.push(
          `health-monitor ×${replicas}: only ${first} attempts left when measuring began (backlog ${backlog})`,
        );
      }
      ctx.log(
        `  ${replicas} health-monitor(s): ${rate} attempts/s over ${Math.round(measuredMs)} ms ` +
          `(the bench's endpoints per replica: ${endpointSplit.join(' + ')})`,
      );
    }
  } finally {
    // Leave one unlimited instance of each, as the other scenarios expect.
    for (const name of ['dispatcher', 'health-monitor'] as const) {
      for (const instance of services.instances(name)) {
        if (instance !== name) await services.stopInstance(instance);
      }
    }
    quota.close();
    if (!services.instances('health-monitor').includes('health-monitor')) {
      await services.startReplica('health-monitor', 1);
    }
  }

  const figures: Figure[] = [];
  const notes: string[] = [];
  const ratios = (
    label: string,
    unit: string,
    rows: Array<{
      replicas: number;
      rate: number;
      quotaBound: (number | null)[];
    }>,
  ) => {
    const one = rows.find((r) => r.replicas === 1)?.rate ?? null;
    for (const row of rows) {
      const ratio = one ? round(row.rate / one, 2) : null;
      const target = TARGETS[row.replicas];
      const shares = row.quotaBound;
      const known = shares.filter((share): share is number => share !== null);
      const least = known.length > 0 && known.length === shares.length ? Math.min(...known) : null;
      const bound = least === null ? '' : `, quota-bound ${Math.round(least * 100)} %`;
      if (least !== null && least < CPU_BOUND_SHARE) {
        notes.push(
          `${label} ×${row.replicas}: the least-throttled replica was quota-bound only ` +
            `${Math.round(least * 100)} % of the time — not CPU-bound, something else set the pace ` +
            '(lower --scale-cpus, or a less loaded machine)',
        );
      }
      figures.push(
        figure({
          metric: `${label} ×${row.replicas} (${round(row.rate / row.replicas)} per replica${bound}; baseline column: ×1)`,
          unit,
          baseline: one,
          herald: row.rate,
          ratio,
          ratioMeaning: `${row.replicas} replicas ÷ 1 replica`,
          target: target === undefined ? null : `≥ ${target}× of 1 replica`,
          pass: target === undefined ? null : ratio !== null && ratio >= target,
        }),
      );
    }
  };
  ratios('dispatcher deliveries/s', '/s', dispatcher);
  ratios('health-monitor attempts/s', '/s', healthMonitor);
  for (const note of notes) ctx.log(`  NOTICE: ${note}`);
  return {
    id: 'scale',
    title: 'Scale-out: replicas with the same CPU quota each',
    correct: problems.length === 0,
    problems,
    figures,
    details: {
      cpuQuotaPerReplica: quota.enabled ? settings.cpus : null,
      quotaNotice: quota.unavailable,
      notes,
      settings,
      dispatcher,
      healthMonitor,
    },
  };
}

function pidOrThrow(ctx: BenchContext, instance: string): number {
  const pid = ctx.herald.services.pidOf(instance);
  if (pid === null) throw new Error(`${instance} is not running`);
  return pid;
}

/**
 * The owner of each health partition once the leases have settled: every
 * partition held, by exactly `replicas` replicas, none holding more than its
 * share (partition leases in the `<ns>_health_partitions` KV bucket).
 */
async function settledPartitions(
  ctx: BenchContext,
  jsm: JetStreamManager,
  replicas: number,
): Promise<string[]> {
  const bucket = new Namespace(ctx.namespace).healthPartitionsBucket;
  const stream = `KV_${bucket}`;
  const share = Math.ceil(HEALTH_PARTITIONS / replicas);
  const deadline = monotonicMs() + 60_000;
  for (;;) {
    checkStop(ctx);
    const owners: string[] = [];
    for (let p = 0; p < HEALTH_PARTITIONS; p += 1) {
      const msg = await jsm.streams
        .getMessage(stream, { last_by_subj: `$KV.${bucket}.partition.${p}` })
        .catch(() => null);
      if (msg && !msg.header?.get('KV-Operation')) owners.push(msg.string());
    }
    const counts = new Map<string, number>();
    for (const owner of owners) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    if (
      owners.length === HEALTH_PARTITIONS &&
      counts.size === replicas &&
      [...counts.values()].every((n) => n <= share)
    ) {
      return owners;
    }
    if (monotonicMs() > deadline) {
      throw new Error(
        `health partitions did not settle over ${replicas} replica(s): ${owners.length} held, by ${counts.size}`,
      );
    }
    await sleep(100);
  }
}
