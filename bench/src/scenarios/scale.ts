import type { JetStreamManager } from '@nats-io/jetstream';
import { HEALTH_PARTITIONS, Namespace, type AttemptOutcome } from '@herald/contracts';
import { checkStop, type BenchContext } from '../context.js';
import { instanceOf, type ServiceName } from '../herald/services.js';
import { CpuQuota } from '../infra/cpu-quota.js';
import { sleep } from '../lifecycle/clock.js';
import { monotonicMs } from '../lifecycle/clock.js';
import { figure, type Figure, type ScenarioResult } from '../report/results.js';
import { round } from '../report/stats.js';
import { saturate } from './measure.js';
import { spreadOverPartitions, type PartitionSpread } from './partition-spread.js';
import { setUpHerald, type HeraldSetup } from './setup.js';
import type { setUpTenEndpoints } from './throughput.js';

/**
 * Scale-out: throughput per replica count, each replica held to the same CPU
 * quota (cgroup v1 `cpu.cfs_quota_us`), so that adding a replica adds a fixed
 * amount of CPU and the other services, unlimited, are not the bottleneck.
 *
 * - Dispatcher, 1, 2 and 3 replicas: deliveries/s in a closed loop on the
 *   throughput scenario's 10 endpoints.
 * - Health-monitor, 1 and 2 instances: N instances start and share the
 *   partitions out, and drain an untimed warm-up backlog; then a backlog of
 *   attempt records is published to the attempts stream, and its drain rate
 *   is their throughput, timed while every instance still has work. The
 *   attempts are for a tenant of their own with many endpoints, spread so
 *   that every partition gets the same share (`spreadOverPartitions`), as a
 *   deployment's many endpoints fill them; the report gives how many of those
 *   partitions each instance held.
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
/** Endpoints the health-monitor phase's attempts are for: enough to fill all 16 partitions. */
const HM_ENDPOINTS = 160;
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
    /** Partitions with attempts per replica once the partition leases settled. */
    partitionSplit: number[];
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
    const attempted = await setUpHerald(
      ctx,
      'scale-hm',
      Array.from({ length: HM_ENDPOINTS }, (_, i) => ({
        path: `/scale/hm/${i}`,
        eventType: 'bench.scale.hm',
      })),
    );
    const spread = spreadOverPartitions(attempted.endpoints);
    for (const replicas of HEALTH_MONITORS) {
      checkStop(ctx);
      for (const instance of services.instances('health-monitor')) {
        await services.stopInstance(instance);
        quota.unlimit(instance);
      }
      await Promise.all(
        Array.from({ length: replicas }, (_, i) =>
          services.startReplica('health-monitor', i + 1, limit('health-monitor', i + 1)),
        ),
      );
      // The instances start, and share the partitions out, before there is
      // any work: held to their quota, starting and settling the leases takes
      // them many seconds, during which a backlog built beforehand would
      // already be drained by whichever came first.
      const owners = await settledPartitions(ctx, jsm, replicas);
      const partitionSplit = [...new Set(owners)].map(
        (owner) => spread.partitions.filter((p) => owners[p] === owner).length,
      );
      // Fresh processes at their quota run cold code for many seconds: each
      // instance first drains its share of an untimed backlog, as the
      // dispatchers get a warm-up before their window.
      await publishAttempts(
        ctx,
        attempted,
        spread,
        settings.hmWarmupAttempts * replicas,
        `scale-hm${replicas}-warm`,
      );
      await drained(ctx, jsm, owners, `the health-monitor ×${replicas} warm-up backlog`);
      const backlog = await publishAttempts(
        ctx,
        attempted,
        spread,
        settings.attemptBacklog,
        `scale-hm${replicas}`,
      );
      ctx.log(`  ${backlog} attempts published to ${replicas} health-monitor(s)…`);
      // Timed while every replica still has work: once one replica has
      // drained its share the rest of the backlog would time the others alone.
      const waitingPer = () => waitingByOwner(ctx, jsm, owners);
      const before = periods('health-monitor', replicas);
      const startedAt = monotonicMs();
      const firstPer = await waitingPer();
      const first = sum(firstPer);
      let last = first;
      let endedAt = startedAt;
      for (;;) {
        checkStop(ctx);
        await sleep(200);
        const now = await waitingPer();
        last = sum(now);
        endedAt = monotonicMs();
        const someoneDone = [...firstPer].some(
          ([owner, initial]) => initial > 0 && (now.get(owner) ?? 0) <= initial * 0.05,
        );
        if (someoneDone || endedAt - startedAt >= settings.hmWindowMs) break;
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
        partitionSplit,
      });
      if (first < settings.attemptBacklog / 4) {
        problems.push(
          `health-monitor ×${replicas}: only ${first} attempts left when measuring began (backlog ${backlog})`,
        );
      }
      ctx.log(
        `  ${replicas} health-monitor(s): ${rate} attempts/s over ${Math.round(measuredMs)} ms ` +
          `(partitions with attempts per replica: ${partitionSplit.join(' + ')})`,
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

/**
 * Publishes `count` attempt records for `herald`'s endpoints straight to the
 * attempts stream, as the dispatcher would after a delivery, pipelined so the
 * backlog builds far faster than quota-held health-monitors drain it.
 */
async function publishAttempts(
  ctx: BenchContext,
  herald: HeraldSetup,
  spread: PartitionSpread<HeraldSetup['endpoints'][number]>,
  count: number,
  tag: string,
): Promise<number> {
  const ns = new Namespace(ctx.namespace);
  const encoder = new TextEncoder();
  const batch = 512;
  for (let from = 0; from < count; from += batch) {
    checkStop(ctx);
    const sends: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(count, from + batch); i += 1) {
      const endpoint = spread.pick(i);
      const attempt: AttemptOutcome = {
        attemptId: `${tag}-${i}`,
        messageId: `msg_${tag}_${i}`,
        tenantId: herald.tenant.id,
        endpointId: endpoint.id,
        eventType: endpoint.eventType,
        attempt: 1,
        outcome: 'success',
        reason: 'delivered',
        statusCode: 204,
        error: null,
        latencyMs: 3,
        responseBody: null,
        url: `http://127.0.0.1${endpoint.path}`,
        final: true,
        nextAttemptAt: null,
        at: new Date().toISOString(),
        replayId: null,
        retryAfterMs: null,
      };
      sends.push(
        ctx.js.publish(
          ns.subject('attempt.v1', endpoint.id),
          encoder.encode(JSON.stringify(attempt)),
          {
            msgID: attempt.attemptId,
          },
        ),
      );
    }
    await Promise.all(sends);
  }
  return count;
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/**
 * Attempts not yet ended per health-monitor replica: the pending and un-acked
 * messages of the partition consumers each one holds.
 */
async function waitingByOwner(
  ctx: BenchContext,
  jsm: JetStreamManager,
  owners: string[],
): Promise<Map<string, number>> {
  const ns = new Namespace(ctx.namespace);
  const stream = ns.stream('attempt.v1');
  const waiting = new Map<string, number>();
  for (let p = 0; p < HEALTH_PARTITIONS; p += 1) {
    const owner = owners[p];
    if (owner === undefined) continue;
    const info = await jsm.consumers
      .info(stream, ns.partitionConsumer('attempt.v1', 'health-monitor', p))
      .catch(() => null);
    const count = info ? info.num_pending + info.num_ack_pending : 0;
    waiting.set(owner, (waiting.get(owner) ?? 0) + count);
  }
  return waiting;
}

/** Waits until no attempt is pending or un-acked in any health partition. */
async function drained(
  ctx: BenchContext,
  jsm: JetStreamManager,
  owners: string[],
  what: string,
): Promise<void> {
  const deadline = monotonicMs() + ctx.options.durations.drainDeadlineMs;
  for (;;) {
    checkStop(ctx);
    if (sum(await waitingByOwner(ctx, jsm, owners)) === 0) return;
    if (monotonicMs() > deadline) throw new Error(`${what} was not drained in time`);
    await sleep(200);
  }
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
