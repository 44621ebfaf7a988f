import type { BenchContext } from '../context.js';
import { figure, ratioOf, type ScenarioResult } from '../report/results.js';
import { cpuMsPerDelivery, round } from '../report/stats.js';
import { LARGE_PAYLOAD_BYTES, PAYLOAD_BYTES } from '../load/payload.js';
import { saturate, type SaturationResult as Saturated } from './measure.js';
import { pooled, type PooledSaturation } from './rounds.js';
import { lanesPerEndpoint, setUpBaseline, setUpHerald, warmUp } from './setup.js';
import { checkHeraldRecords } from './records.js';
import {
  costByHop,
  ioCallsByHop,
  receiverUnits,
  SYSTEM_CPU,
  SYSTEMS,
  walPerDelivery,
  type System,
} from './hops.js';
import { baselineSubject, relaySubject } from '../baseline/naming.js';
import { summariseNatsProfiles } from '../infra/nats-profile.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Sustained throughput: 10 endpoints, 1 KiB events, each event for exactly
 * one endpoint (round robin), so deliveries = events. Closed loop with a
 * bounded number of undelivered events; deliveries/s counted by receipt time
 * in a fixed window after a warm-up. For Herald, every message must then be
 * stored and every attempt logged. The same tenant serves the latency scenario.
 */
export const THROUGHPUT_ENDPOINTS = 10;

export async function setUpTenEndpoints(ctx: BenchContext) {
  const herald = await setUpHerald(
    ctx,
    'steady',
    Array.from({ length: THROUGHPUT_ENDPOINTS }, (_, i) => ({
      path: `/steady/h/${i}`,
      eventType: `bench.steady.${i}`,
    })),
  );
  const heraldLanes = lanesPerEndpoint(herald);
  const baselineLanes = await setUpBaseline(
    ctx,
    Array.from({ length: THROUGHPUT_ENDPOINTS }, (_, i) => `/steady/b/${i}`),
  );
  // The same routes through the durable relay (stored, then handed to the baseline).
  const baselinePrefix = baselineSubject(ctx.namespace, '');
  const relayLanes = baselineLanes.map((lane) => ({
    subject: relaySubject(ctx.namespace, lane.subject.slice(baselinePrefix.length)),
    paths: lane.paths,
  }));
  await warmUp(ctx, 'steady-b', baselineLanes);
  await warmUp(ctx, 'steady-r', relayLanes);
  await warmUp(ctx, 'steady-h', heraldLanes);
  return { herald, heraldLanes, baselineLanes, relayLanes };
}

/**
 * The processes whose CPU a delivery costs (`hops.ts`): every Herald service
 * and the servers its hops go through, against the baseline process and the
 * one server it uses; the durable relay's two processes, the baseline that
 * sends, and both servers. nats-server and postgres are read machine-wide, so
 * other work on the machine counts too: compare within one quiet run.
 */
const { herald: HERALD_CPU, baseline: BASELINE_CPU, relay: RELAY_CPU } = SYSTEM_CPU;

/** A closed-loop scenario on the steady endpoints, in rounds of the baseline, the relay (throughput only) and Herald. */
interface SaturatedScenario {
  id: 'throughput' | 'payload-10k';
  tags: [string, string];
  payloadBytes: number;
  title: string;
  /** Whether the ratios are judged (throughput ≥ 0.5×, CPU per delivery ≤ 2×). */
  target: boolean;
}

const saturatedScenario =
  (scenario: SaturatedScenario) =>
  (ctx: BenchContext, steady: Awaited<ReturnType<typeof setUpTenEndpoints>>) =>
    saturatedThroughput(ctx, steady, scenario);

export const throughputScenario = saturatedScenario({
  id: 'throughput',
  tags: ['tp-b', 'tp-h'],
  payloadBytes: PAYLOAD_BYTES,
  title: 'Sustained throughput (10 endpoints, 1 KiB)',
  target: true,
});

/**
 * The same closed loop with 10 KiB events, the size of real commerce events:
 * what payload size costs each system (copies, hashing, socket writes, and for
 * Herald the stored message and the task that carries it by value). Shown
 * beside the baseline; no target of its own.
 */
export const largePayloadScenario = saturatedScenario({
  id: 'payload-10k',
  tags: ['big-b', 'big-h'],
  payloadBytes: LARGE_PAYLOAD_BYTES,
  title: 'Sustained throughput with 10 KiB events (10 endpoints)',
  target: false,
});

async function saturatedThroughput(
  ctx: BenchContext,
  steady: Awaited<ReturnType<typeof setUpTenEndpoints>>,
  scenario: SaturatedScenario,
): Promise<ScenarioResult> {
  const { rounds: roundCount, coldRoundWarmupMs, ...settings } = ctx.options.durations.throughput;
  const { payloadBytes } = scenario;
  const systems = scenario.target ? 'baseline, durable relay and herald' : 'baseline and herald';
  ctx.log(
    `  ${coldRoundWarmupMs > 0 ? `a cold round (${coldRoundWarmupMs / 1000} s warm-up), then ` : ''}` +
      `${roundCount} round(s) of ${systems}, each ${settings.warmupMs / 1000} s warm-up + ` +
      `${settings.windowMs / 1000} s window`,
  );
  // One round: each system in turn, each phase verified, Herald's records checked.
  const oneRound = async (suffix: string, warmupMs: number, profileNats = false) => {
    const timing = { ...settings, warmupMs, profileNats };
    const baseline = await saturate(ctx, {
      tag: `${scenario.tags[0]}${suffix}`,
      lanes: steady.baselineLanes,
      payloadBytes,
      ...timing,
    });
    // The durable relay, as a floor for the fixed shape's hops (throughput scenario only).
    let relay: Saturated | null = null;
    if (scenario.target) {
      ctx.log(`  baseline: ${baseline.rate}/s; durable relay…`);
      relay = await saturate(ctx, {
        tag: `${scenario.tags[0]}-relay${suffix}`,
        lanes: steady.relayLanes,
        payloadBytes,
        ...timing,
      });
      ctx.log(`  durable relay: ${relay.rate}/s; herald…`);
    } else ctx.log(`  baseline: ${baseline.rate}/s; herald…`);
    const before = await checkHeraldRecords.before(ctx);
    const herald = await saturate(ctx, {
      tag: `${scenario.tags[1]}${suffix}`,
      lanes: steady.heraldLanes,
      herald: steady.herald,
      payloadBytes,
      ...timing,
    });
    ctx.log(`  herald: ${herald.rate}/s; checking stored messages and attempt log…`);
    const records = await checkHeraldRecords.after(ctx, before, steady.herald, {
      messages: herald.published,
      deliveries: herald.verification.delivered,
      report: herald.report,
    });
    return { baseline, relay, herald, records };
  };
  // The cold round, then the counted rounds, which interleave the systems so
  // that the machine's drift over the scenario falls on each alike (ADR 0116).
  const cold = coldRoundWarmupMs > 0 ? await oneRound('-cold', coldRoundWarmupMs) : null;
  const counted: Awaited<ReturnType<typeof oneRound>>[] = [];
  for (let i = 1; i <= roundCount; i += 1) {
    counted.push(await oneRound(roundCount > 1 ? `-${i}` : '', settings.warmupMs, true));
  }
  const baseline = pooled(counted.map((r) => r.baseline));
  const relay = scenario.target ? pooled(counted.map((r) => r.relay!)) : null;
  const herald = pooled(counted.map((r) => r.herald));
  const all = cold ? [cold, ...counted] : counted;
  const records = {
    problems: all.flatMap((r) => r.records.problems),
    details:
      counted.length > 1 ? counted.map((r) => r.records.details) : counted[0]!.records.details,
  };
  const coldFigures = cold && {
    baseline: pooled([cold.baseline]),
    ...(cold.relay ? { relay: pooled([cold.relay]) } : {}),
    herald: pooled([cold.herald]),
  };
  const problems = [
    ...all.flatMap((r) => [
      ...r.baseline.verification.problems,
      ...(r.relay?.verification.problems ?? []),
      ...r.herald.verification.problems,
    ]),
    ...records.problems,
  ];
  const cpu = {
    baseline: cpuOf(baseline, BASELINE_CPU),
    herald: cpuOf(herald, HERALD_CPU),
    relay: relay ? cpuOf(relay, RELAY_CPU) : Number.NaN,
  };
  const loaded = { baseline, ...(relay ? { relay } : {}), herald };
  const natsProfile = ctx.natsProfileDir
    ? natsProfiles(ctx, ctx.natsProfileDir, scenario.id, counted)
    : null;
  return {
    id: scenario.id,
    title: scenario.title,
    correct: problems.length === 0,
    problems,
    figures: [
      ...againstBaseline(
        baseline,
        herald,
        {
          rate: 'deliveries/s',
          cpu: 'CPU per delivery (Herald: its five services, NATS and Postgres; baseline: its process and NATS)',
        },
        scenario.target,
      ),
      ...(relay ? relayFigures(baseline.rate, relay.rate, herald.rate, cpu) : []),
      // The cold round beside the counted ones: what each system pays before it is warm.
      ...(coldFigures
        ? againstBaseline(
            coldFigures.baseline,
            coldFigures.herald,
            {
              rate: 'deliveries/s in the first, cold round (not counted)',
              cpu: 'CPU per delivery in the first, cold round (not counted)',
            },
            false,
          )
        : []),
    ],
    details: {
      // The rounds and their timing, as run (`window.rounds`, `window.coldRoundWarmupMs`).
      window: ctx.options.durations.throughput,
      payloadBytes,
      ...(coldFigures ? { cold: coldFigures } : {}),
      baseline,
      ...(relay ? { relay } : {}),
      herald,
      // CPU per delivery hop by hop in the counted rounds (ms), adding up to `cpu`.
      cpuByHop: costByHop(loaded),
      // The same figures in units of the receiver's CPU per delivery (a diagnostic for comparing builds).
      cpuInReceiverUnits: receiverUnits(loaded),
      // Read- and write-family system calls per delivery, hop by hop, and Postgres's WAL per delivery.
      ioCallsByHop: ioCallsByHop(loaded),
      walPerDelivery: walPerDelivery(loaded),
      records: records.details,
      // With --nats-prof: nats-server's CPU per delivery by function, for each system.
      ...(natsProfile ? { natsProfile } : {}),
    },
  };
}

/**
 * nats-server's profiles of each system's counted rounds (`--nats-prof`):
 * written as they came (for `go tool pprof`), and summed per function over
 * the deliveries of the rounds they cover.
 */
function natsProfiles(
  ctx: BenchContext,
  dir: string,
  scenario: string,
  rounds: Partial<Record<System, Saturated | null>>[],
) {
  const summaries = SYSTEMS.flatMap((system) => {
    const phases = rounds.flatMap((round, i) => {
      const phase = round[system];
      if (!phase?.natsProfile) return [];
      writeFileSync(path.join(dir, `${scenario}-${system}-${i + 1}.pb.gz`), phase.natsProfile);
      return [{ profile: phase.natsProfile, deliveries: phase.deliveredWhileLoaded }];
    });
    if (phases.length === 0) return [];
    const summary = summariseNatsProfiles(phases);
    ctx.log(
      `  nats-server, ${system}: ${round(summary.sampledUs, 1)} µs per delivery sampled ` +
        `(${summary.profiles} of ${rounds.length} profiles)`,
    );
    return [[system, summary] as const];
  });
  return summaries.length > 0 ? Object.fromEntries(summaries) : null;
}

/**
 * The durable relay beside the baseline, and Herald beside the relay: what
 * the fixed shape's durable hops cost by themselves on this machine (a floor
 * for the targets), and how far Herald is from it. No target.
 */
function relayFigures(
  baselineRate: number,
  relayRate: number,
  heraldRate: number,
  cpu: { baseline: number; relay: number; herald: number },
) {
  const pair = (
    metric: string,
    unit: string,
    reference: number,
    measured: number,
    ratioMeaning: string,
    digits: number,
  ) => {
    const ratio = ratioOf(measured, reference);
    return figure({
      metric,
      unit,
      baseline: Number.isFinite(reference) ? round(reference, digits) : null,
      herald: Number.isFinite(measured) ? round(measured, digits) : null,
      ratio: ratio === null ? null : round(ratio, 3),
      ratioMeaning,
    });
  };
  return [
    pair(
      'deliveries/s through the durable relay (store, send, log; herald column: the relay)',
      '/s',
      baselineRate,
      relayRate,
      'relay ÷ baseline',
      0,
    ),
    pair(
      'deliveries/s, herald against the durable relay (baseline column: the relay)',
      '/s',
      relayRate,
      heraldRate,
      'herald ÷ durable relay',
      0,
    ),
    pair(
      'CPU per delivery through the durable relay (its two processes, the baseline, NATS, Postgres; herald column: the relay)',
      'ms',
      cpu.baseline,
      cpu.relay,
      'relay ÷ baseline',
      3,
    ),
    pair(
      'CPU per delivery, herald against the durable relay (baseline column: the relay)',
      'ms',
      cpu.relay,
      cpu.herald,
      'herald ÷ durable relay',
      3,
    ),
  ];
}

/** A system's CPU per delivery over its counted rounds (ms). */
const cpuOf = (phase: PooledSaturation, processes: string[]) =>
  cpuMsPerDelivery(phase.cpuSeconds, processes, phase.deliveredWhileLoaded);

/**
 * Herald against the baseline: deliveries/s and CPU per delivery, with their
 * targets (throughput ≥ 0.5×, CPU per delivery ≤ 2×) when `judged`.
 */
function againstBaseline(
  baseline: PooledSaturation,
  herald: PooledSaturation,
  metric: { rate: string; cpu: string },
  judged: boolean,
) {
  const ratio = ratioOf(herald.rate, baseline.rate);
  const cpu = { baseline: cpuOf(baseline, BASELINE_CPU), herald: cpuOf(herald, HERALD_CPU) };
  const cpuRatio = ratioOf(cpu.herald, cpu.baseline);
  return [
    figure({
      metric: metric.rate,
      unit: '/s',
      baseline: baseline.rate,
      herald: herald.rate,
      ratio: ratio === null ? null : round(ratio, 3),
      ratioMeaning: 'herald ÷ baseline',
      ...(judged
        ? { target: 'herald ≥ 50 % of baseline', pass: ratio === null ? false : ratio >= 0.5 }
        : {}),
    }),
    figure({
      metric: metric.cpu,
      unit: 'ms',
      baseline: Number.isFinite(cpu.baseline) ? round(cpu.baseline, 3) : null,
      herald: Number.isFinite(cpu.herald) ? round(cpu.herald, 3) : null,
      ratio: cpuRatio === null ? null : round(cpuRatio, 2),
      ratioMeaning: 'herald ÷ baseline',
      ...(judged
        ? { target: 'herald ≤ 2× baseline', pass: cpuRatio !== null && cpuRatio <= 2 }
        : {}),
    }),
  ];
}
