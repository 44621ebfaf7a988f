import { checkStop, type BenchContext } from '../context.js';
import { monotonicMs, sleep } from '../lifecycle/clock.js';
import { openLoop } from '../load/drivers.js';
import type { Lane } from '../load/lanes.js';
import { FlowPublisher } from '../load/publisher.js';
import type { AlertRecord } from '../receiver/ledger.js';
import { figure, type ScenarioResult } from '../report/results.js';
import { distribution, round } from '../report/stats.js';
import { lanesPerEndpoint, setUpHerald } from './setup.js';

/**
 * Alert latency: endpoints that always answer 500, with the run's short retry
 * schedule (`HERALD_RETRY_SCHEDULE=100ms`: two attempts), so each event's
 * delivery fails for good within milliseconds; alerting then POSTs a
 * `delivery.exhausted` alert to the receiver's `/alerts`. Latency is the
 * alert's receipt minus the receipt of the last failing request for that
 * message and endpoint (the final failure, as the endpoint saw it; the same
 * clock). Events are spread over several endpoints so that no endpoint sees
 * enough failures to open its breaker or be paused — that would measure the
 * protection layers, not the alert path.
 */
export const ATTEMPTS_PER_CHAIN = 2;

export async function alertsScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { endpoints, events, ratePerSecond } = ctx.options.durations.alerts;
  const herald = await setUpHerald(
    ctx,
    'alerts',
    Array.from({ length: endpoints }, (_, i) => ({
      path: `/alert/h/${i}`,
      eventType: `bench.alert.${i}`,
      mode: 'fail' as const,
    })),
  );
  const endpointIds = new Set(herald.endpoints.map((e) => e.id));
  const lanes = lanesPerEndpoint(herald);
  await warmUpAlerts(ctx, endpointIds, lanes);
  const seen = new Set((await exhaustedAlerts(ctx, endpointIds)).map((a) => a.id));
  const tag = 'alert-h';
  const publisher = new FlowPublisher(ctx.js, { tag, lanes });
  await openLoop(publisher, ratePerSecond, (events * 1000) / ratePerSecond, ctx.stop);
  const alerts = await waitForAlerts(ctx, endpointIds, seen, events, 30_000);
  const report = await ctx.receiver.report(tag);
  const pathOf = new Map(herald.endpoints.map((e) => [e.id, e.path]));
  const failures = new Map(report.failures.map((f) => [`${f.path}\n${f.id}`, f.received]));
  const problems: string[] = [];
  const latencies: number[] = [];
  for (const alert of alerts) {
    if (alert.duplicate) continue;
    if (!alert.authorized) problems.push(`alert ${alert.id} arrived without the alert token`);
    const received = failures.get(`${pathOf.get(alert.endpointId!)}\n${alert.messageId}`);
    if (!received) {
      problems.push(`alert ${alert.id} names a message the endpoint never saw fail`);
      continue;
    }
    if (received.length !== ATTEMPTS_PER_CHAIN || alert.attempts !== ATTEMPTS_PER_CHAIN) {
      problems.push(
        `message ${alert.messageId}: ${received.length} failing requests, alert says ${alert.attempts} attempts, expected ${ATTEMPTS_PER_CHAIN}`,
      );
    }
    latencies.push(alert.received - Math.max(...received));
  }
  const unique = new Set(alerts.map((a) => a.id)).size;
  const duplicates = alerts.filter((a) => a.duplicate).length;
  if (unique !== publisher.ledger.total) {
    problems.push(`${unique} alerts for ${publisher.ledger.total} exhausted deliveries`);
  }
  if (duplicates) problems.push(`${duplicates} duplicate alerts`);
  if (report.invalidSignature)
    problems.push(`${report.invalidSignature} failing requests were not signed correctly`);
  if (report.unique)
    problems.push(`${report.unique} requests succeeded on endpoints that always fail`);
  await ctx.receiver.forget([tag]);
  const d = distribution(latencies);
  return {
    id: 'alerts',
    title: 'Alert latency (final failure → alert received)',
    correct: problems.length === 0,
    problems,
    figures: [
      figure({ metric: 'alert latency p50', unit: 'ms', herald: round(d.p50, 1) }),
      figure({
        metric: 'alert latency p99',
        unit: 'ms',
        herald: round(d.p99, 1),
        target: 'herald ≤ 1000 ms',
        pass: d.p99 <= 1000,
      }),
      figure({ metric: 'alert latency max', unit: 'ms', herald: round(d.max, 1) }),
    ],
    details: { events: publisher.ledger.total, alerts: unique, distribution: d },
  };
}

async function exhaustedAlerts(
  ctx: BenchContext,
  endpointIds: Set<string>,
): Promise<AlertRecord[]> {
  return (await ctx.receiver.alerts()).filter(
    (a) =>
      a.kind === 'delivery.exhausted' && a.endpointId !== null && endpointIds.has(a.endpointId),
  );
}

/** Alerts for these endpoints not in `seen`, once `count` distinct ones arrived or at the deadline. */
async function waitForAlerts(
  ctx: BenchContext,
  endpointIds: Set<string>,
  seen: Set<string>,
  count: number,
  timeoutMs: number,
): Promise<AlertRecord[]> {
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    checkStop(ctx);
    const fresh = (await exhaustedAlerts(ctx, endpointIds)).filter((a) => !seen.has(a.id));
    if (new Set(fresh.map((a) => a.id)).size >= count || monotonicMs() > deadline) return fresh;
    await sleep(50);
  }
}

/**
 * One failing event per endpoint, until a round produces an alert for every
 * endpoint: proves each endpoint is in Herald's read models and warms the
 * alert path, without measuring.
 */
async function warmUpAlerts(ctx: BenchContext, endpointIds: Set<string>, lanes: Lane[]) {
  for (let round = 1; round <= 5; round++) {
    const seen = new Set((await exhaustedAlerts(ctx, endpointIds)).map((a) => a.id));
    const publisher = new FlowPublisher(ctx.js, { tag: `alert-warm${round}`, lanes });
    await publisher.burst(lanes.length, 64);
    const fresh = await waitForAlerts(ctx, endpointIds, seen, lanes.length, 15_000);
    await ctx.receiver.forget([publisher.flow.tag]);
    if (new Set(fresh.map((a) => a.endpointId)).size === lanes.length) return;
    ctx.log(`  alert warm-up round ${round}: ${fresh.length} of ${lanes.length} alerts`);
  }
  throw new Error('alerts: warm-up never produced an alert for every endpoint');
}
