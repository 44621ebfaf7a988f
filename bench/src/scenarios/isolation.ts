import type { BenchContext } from '../context.js';
import { growth, scrape } from '../herald/herald-api.js';
import { figure, type ScenarioResult } from '../report/results.js';
import { round } from '../report/stats.js';
import { saturate } from './measure.js';
import { lanesPerEndpoint, setUpHerald, warmUp } from './setup.js';

/**
 * Isolation: 20 endpoints (per-endpoint timeout 5 s, so a hanging endpoint
 * holds its connections a good while), events spread evenly over all 20, the first 10 endpoints' lanes
 * saturated (closed loop) and the other 10 published alongside at the same
 * rate. Phase A: all 20 answer at once. Phase B: the second 10 hang until
 * Herald's timeout. The figure is the healthy ten's deliveries/s in B as a
 * fraction of A. The hanging endpoints keep the default retry schedule
 * (5 s, 5 min, …) as production endpoints would, so the run's short schedule
 * does not turn every timeout into an immediate dead letter. Afterwards the
 * hanging endpoints are deleted, which drops their remaining tasks.
 */
const PRODUCTION_SCHEDULE = ['5s', '5m', '30m', '2h', '5h', '10h', '10h'];

export async function isolationScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const settings = ctx.options.durations.isolation;
  const half = settings.endpoints / 2;
  const herald = await setUpHerald(
    ctx,
    'isolation',
    Array.from({ length: settings.endpoints }, (_, i) => ({
      path: `/iso/h/${i}`,
      eventType: `bench.iso.${i}`,
      timeoutMs: settings.timeoutMs,
      retrySchedule: PRODUCTION_SCHEDULE,
    })),
  );
  const lanes = lanesPerEndpoint(herald);
  const healthy = lanes.slice(0, half);
  const victims = lanes.slice(half);
  await warmUp(ctx, 'iso', lanes);
  const shape = {
    warmupMs: settings.warmupMs,
    windowMs: settings.windowMs,
    maxOutstanding: ctx.options.durations.throughput.maxOutstanding,
  };
  ctx.log('  phase A: all 20 healthy…');
  const allHealthy = await saturate(ctx, {
    herald,
    tag: 'iso-a-h',
    lanes: healthy,
    riders: { tag: 'iso-a-v', lanes: victims, verify: true },
    ...shape,
  });
  ctx.log(`  phase A: ${allHealthy.rate}/s on the first ten; phase B: ten hang…`);
  const victimPaths = victims.flatMap((lane) => lane.paths);
  await ctx.receiver.mode(victimPaths, 'hang');
  const dispatcher = ctx.herald.services.url('dispatcher');
  const metricsBefore = await scrape(dispatcher);
  let withHanging;
  try {
    withHanging = await saturate(ctx, {
      herald,
      tag: 'iso-b-h',
      lanes: healthy,
      riders: { tag: 'iso-b-v', lanes: victims, verify: false },
      ...shape,
    });
  } finally {
    // Stop the hanging endpoints' backlog from leaking into whatever runs next.
    for (const endpoint of herald.endpoints.slice(half)) {
      await ctx.herald.api.deleteEndpoint(herald.tenant, endpoint.id).catch(() => undefined);
    }
    await ctx.receiver.mode(victimPaths, 'ok');
  }
  ctx.log(`  phase B: ${withHanging.rate}/s on the healthy ten`);
  const metricsAfter = await scrape(dispatcher);
  // What the dispatcher did about the hanging endpoints during phase B (and its drain).
  const dispatcherActivity = {
    requests: growth(metricsBefore, metricsAfter, 'herald_dispatcher_requests_total'),
    deferrals: growth(metricsBefore, metricsAfter, 'herald_dispatcher_deferrals_total'),
  };
  const fraction = allHealthy.rate > 0 ? withHanging.rate / allHealthy.rate : Number.NaN;
  const problems = [
    ...allHealthy.verification.problems,
    ...(allHealthy.riderVerification?.problems ?? []),
    ...withHanging.verification.problems,
  ];
  return {
    id: 'isolation',
    title: 'Isolation: 10 of 20 endpoints hang',
    correct: problems.length === 0,
    problems,
    figures: [
      figure({
        metric: 'healthy deliveries/s, all 20 healthy',
        unit: '/s',
        herald: allHealthy.rate,
      }),
      figure({
        metric: 'healthy deliveries/s, 10 hanging',
        unit: '/s',
        herald: withHanging.rate,
      }),
      figure({
        metric: 'healthy throughput kept',
        unit: '%',
        herald: round(fraction * 100, 1),
        target: '≥ 90 %',
        pass: fraction >= 0.9,
      }),
    ],
    details: {
      timeoutMs: settings.timeoutMs,
      victimSchedule: PRODUCTION_SCHEDULE,
      allHealthy: { ...allHealthy, report: undefined, natsProfile: undefined },
      withHanging: { ...withHanging, report: undefined, natsProfile: undefined },
      dispatcherActivity,
    },
  };
}
