import { checkStop, type BenchContext } from '../context.js';
import { monotonicMs, sleep } from '../lifecycle/clock.js';
import { drain } from '../load/drivers.js';
import type { Lane } from '../load/lanes.js';
import { FlowPublisher } from '../load/publisher.js';
import { figure, ratioOf, type ScenarioResult } from '../report/results.js';
import { median, round } from '../report/stats.js';
import { verifyDeliveries } from '../report/verify.js';
import { setUpBaseline, setUpHerald, warmUp } from './setup.js';

/**
 * Fan-out: one event to 1,000 endpoints, time from publish until the last of
 * the 1,000 deliveries arrived. Herald gets one event subscribed by every
 * endpoint; the baseline, which has no fan-out, gets the 1,000 tasks published
 * at once. One unmeasured warm-up round, then `repetitions` measured ones;
 * the median is judged against the target, the worst is shown too.
 */
async function once(ctx: BenchContext, tag: string, lanes: Lane[]) {
  checkStop(ctx);
  const publisher = new FlowPublisher(ctx.js, { tag, lanes });
  const began = monotonicMs();
  await publisher.burst(lanes.length, 256);
  await drain(ctx.receiver, [publisher], { deadlineMs: 30_000, quietMs: 10_000, stop: ctx.stop });
  const report = await ctx.receiver.report(tag);
  await ctx.receiver.forget([tag]);
  const last = report.received.reduce((a, b) => Math.max(a, b), -Infinity);
  return {
    ms: report.unique > 0 ? last - began : Number.NaN,
    verification: verifyDeliveries(tag, report, publisher.ledger),
  };
}

export async function fanOutScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { endpoints, repetitions } = ctx.options.durations.fanOut;
  ctx.log(`  creating ${endpoints} endpoints through the registry API…`);
  const created = monotonicMs();
  const herald = await setUpHerald(
    ctx,
    'fanout',
    Array.from({ length: endpoints }, (_, i) => ({
      path: `/fan/h/${i}`,
      eventType: 'bench.fanout',
    })),
  );
  const creationMs = monotonicMs() - created;
  const heraldLanes: Lane[] = [
    { subject: herald.subject('bench.fanout'), paths: herald.endpoints.map((e) => e.path) },
  ];
  const baselineLanes = await setUpBaseline(
    ctx,
    Array.from({ length: endpoints }, (_, i) => `/fan/b/${i}`),
  );
  await warmUp(ctx, 'fan-h', heraldLanes);
  await warmUp(ctx, 'fan-b', baselineLanes);
  const problems: string[] = [];
  const times = { baseline: [] as number[], herald: [] as number[] };
  for (let rep = 1; rep <= repetitions; rep++) {
    const b = await once(ctx, `fan-b-${rep}`, baselineLanes);
    await sleep(300);
    const h = await once(ctx, `fan-h-${rep}`, heraldLanes);
    await sleep(300);
    times.baseline.push(round(b.ms));
    times.herald.push(round(h.ms));
    problems.push(...b.verification.problems, ...h.verification.problems);
    ctx.log(`  round ${rep}: baseline ${round(b.ms)} ms, herald ${round(h.ms)} ms`);
  }
  const b = round(median(times.baseline));
  const h = round(median(times.herald));
  const ratio = ratioOf(h, b);
  return {
    id: 'fan-out',
    title: `Fan-out: one event to ${endpoints} endpoints`,
    correct: problems.length === 0,
    problems,
    figures: [
      figure({
        metric: `time to all ${endpoints} received (median of ${repetitions})`,
        unit: 'ms',
        baseline: b,
        herald: h,
        ratio: ratio === null ? null : round(ratio, 2),
        ratioMeaning: 'herald ÷ baseline',
        // The fan-out target is for 1,000 endpoints; a quick run's smaller fan-out is not judged.
        target: endpoints >= 1_000 ? 'herald ≤ 1000 ms' : null,
        pass: endpoints >= 1_000 ? h <= 1000 : null,
      }),
      figure({
        metric: `time to all ${endpoints} received (worst of ${repetitions})`,
        unit: 'ms',
        baseline: Math.max(...times.baseline),
        herald: Math.max(...times.herald),
      }),
    ],
    details: { times, endpointCreationMs: round(creationMs) },
  };
}
