import { Namespace } from '@herald/contracts';
import { checkStop, type BenchContext } from '../context.js';
import { scrape, sumOf, type Tenant } from '../herald/herald-api.js';
import { eventLoopLag } from '../herald/event-loop.js';
import { SERVICES, type ServiceName } from '../herald/services.js';
import { CpuWatch, readMemory } from '../infra/proc.js';
import { monotonicMs, sleep } from '../lifecycle/clock.js';
import { drain } from '../load/drivers.js';
import type { Lane } from '../load/lanes.js';
import { FlowPublisher } from '../load/publisher.js';
import {
  burstRate,
  completionPerMessage,
  kbPerEndpoint,
  roundRobin,
  splitEvenly,
  spreadIndices,
} from '../report/endpoint-scale.js';
import { figure, type Figure, type ScenarioResult } from '../report/results.js';
import { median, round } from '../report/stats.js';
import { verifyDeliveries } from '../report/verify.js';

/**
 * Many endpoints: 10,000 endpoints over 100 tenants (quick: 1,000 over 10),
 * created through the registry API, several tenants at a time.
 *
 * (a) The read model's memory: RSS and V8 heap used of every service, read
 *     before the endpoints exist and again once every registry-bucket watcher
 *     (the read model of ingest, the dispatcher, the health-monitor,
 *     alerting) has caught up with the last write; growth ÷ endpoints, in
 *     KB per endpoint. Report only, no target.
 * (b) Fan-out at that scale: after one verified event to every tenant (which
 *     also proves every endpoint reached ingest's and the dispatcher's views),
 *     one event at a time to a sample of tenants, each fanning out to that
 *     tenant's endpoints (time from publish to the last delivery; the worst is
 *     judged against the fan-out target of 1 s), then one event to every
 *     tenant at once (deliveries/s, time to all received).
 *
 * Every delivery of every phase must arrive exactly once, signed; any miss,
 * duplicate or bad signature makes the scenario incorrect.
 */
const EVENT_TYPE = 'bench.e10k';
const FAN_OUT_TARGET_MS = 1_000;
/** Services holding a registry read model, each with one bucket watcher per instance. */
const READ_MODEL_HOLDERS: ServiceName[] = ['ingest', 'dispatcher', 'health-monitor', 'alerting'];

interface Footprint {
  rssMb: number | null;
  heapUsedMb: number | null;
}

export async function endpoints10kScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const settings = ctx.options.durations.endpoints10k;
  const total = settings.tenants * settings.endpointsPerTenant;
  const problems: string[] = [];

  // ---- (a) memory before, creation, sync, memory after
  const before = await footprints(ctx);
  ctx.log(
    `  creating ${total} endpoints over ${settings.tenants} tenants through the registry API ` +
      `(${settings.requestsInFlight} requests in flight)…`,
  );
  const cpuBefore = ctx.cpu.snapshot();
  const createdAt = monotonicMs();
  const setups = await createEndpoints(ctx, splitEvenly(total, settings.tenants));
  const creationMs = monotonicMs() - createdAt;
  const creationCpu = CpuWatch.delta(cpuBefore, ctx.cpu.snapshot());
  ctx.log(
    `  ${total} endpoints created in ${round(creationMs / 1000)} s (${round((total * 1000) / creationMs)}/s)`,
  );
  const sync = await waitForReadModels(ctx);
  ctx.log(
    `  ${sync.watchers} registry-bucket watchers caught up ${Math.round(sync.ms)} ms after the last create`,
  );
  const after = await footprints(ctx);

  // ---- (b) fan-out at this scale
  const lanes: Lane[] = setups.map(({ subject, paths }) => ({ subject, paths }));
  const everyTenant = async (tag: string) => {
    checkStop(ctx);
    const publisher = new FlowPublisher(ctx.js, { tag, lanes });
    await publisher.burst(lanes.length, 64);
    await drain(ctx.receiver, [publisher], {
      deadlineMs: ctx.options.durations.drainDeadlineMs,
      quietMs: 10_000,
      stop: ctx.stop,
    });
    const report = await ctx.receiver.report(tag);
    await ctx.receiver.forget([tag]);
    const verification = verifyDeliveries(tag, report, publisher.ledger);
    problems.push(...verification.problems);
    return { report, verification };
  };
  // One event to every tenant: the first delivery to each endpoint (cold
  // connections, code not yet optimised) is not measured, but verified — it
  // proves that every endpoint is in ingest's and the dispatcher's views.
  ctx.log(`  warm-up: one event to each of the ${settings.tenants} tenants (${total} deliveries)…`);
  await everyTenant('e10k-warm');

  // One event at a time, to a sample of tenants, once Herald has digested
  // the warm-up (stored, delivered and logged all of it): each event is timed
  // on its own, not behind the tail of the previous burst.
  const settledBeforeOne = await settle(ctx);
  await eventLoopLag(ctx.herald.services);
  const sample = spreadIndices(settings.tenants, settings.sampleTenants);
  const sequential = new FlowPublisher(ctx.js, {
    tag: 'e10k-one',
    lanes: sample.map((t) => lanes[t]!),
  });
  for (let i = 0; i < sample.length; i++) {
    checkStop(ctx);
    await sequential.next();
    await drain(ctx.receiver, [sequential], {
      deadlineMs: 30_000,
      quietMs: 10_000,
      stop: ctx.stop,
    });
    await sleep(100);
  }
  const oneLag = await eventLoopLag(ctx.herald.services);
  const oneReport = await ctx.receiver.report('e10k-one');
  await ctx.receiver.forget(['e10k-one']);
  const oneVerification = verifyDeliveries('e10k-one', oneReport, sequential.ledger);
  problems.push(...oneVerification.problems);
  const oneTimes = completionPerMessage(oneReport).map((c) => round(c.ms));
  const oneMedian = round(median(oneTimes));
  const oneWorst = oneTimes.length ? Math.max(...oneTimes) : Number.NaN;
  ctx.log(
    `  one event at a time to ${sample.length} tenants: median ${oneMedian} ms, worst ${oneWorst} ms ` +
      `(event-loop delay max: ${(['ingest', 'dispatcher'] as const)
        .map((service) => `${service} ${oneLag[service]?.maxMs ?? '?'} ms`)
        .join(', ')})`,
  );

  // One event to every tenant at once.
  const settledBeforeAll = await settle(ctx);
  const all = await everyTenant('e10k-all');
  const allTimes = completionPerMessage(all.report).map((c) => c.ms);
  const allLast = allTimes.length ? round(Math.max(...allTimes)) : Number.NaN;
  const allRate = round(burstRate(all.report));
  ctx.log(
    `  one event to each of the ${settings.tenants} tenants at once: all ${total} received in ` +
      `${allLast} ms, ${allRate} deliveries/s`,
  );
  const afterDeliveries = await footprints(ctx);

  // ---- figures
  const figures: Figure[] = [
    figure({
      metric: `endpoints created through the API (${total} over ${settings.tenants} tenants, ${round(creationMs / 1000)} s)`,
      unit: '/s',
      herald: round((total * 1000) / creationMs),
    }),
    figure({
      metric: `read models caught up after the last create (${sync.watchers} watchers)`,
      unit: 'ms',
      herald: Math.round(sync.ms),
    }),
  ];
  const memory: Record<string, unknown> = {};
  for (const service of SERVICES) {
    const b = before[service];
    const a = after[service];
    const d = afterDeliveries[service];
    const rssKb = kbPerEndpoint(b.rssMb, a.rssMb, total);
    const heapKb = kbPerEndpoint(b.heapUsedMb, a.heapUsedMb, total);
    const deliveredHeapKb = kbPerEndpoint(b.heapUsedMb, d.heapUsedMb, total);
    memory[service] = {
      before: b,
      afterSync: a,
      afterDeliveries: d,
      rssKbPerEndpoint: rssKb === null ? null : round(rssKb, 2),
      heapUsedKbPerEndpoint: heapKb === null ? null : round(heapKb, 2),
      heapUsedKbPerEndpointAfterDeliveries:
        deliveredHeapKb === null ? null : round(deliveredHeapKb, 2),
    };
    const mb = (value: number | null) => (value === null ? '?' : round(value).toString());
    const holds = READ_MODEL_HOLDERS.includes(service) ? '' : ', no read model';
    figures.push(
      figure({
        metric: `memory per endpoint, ${service}: RSS (${mb(b.rssMb)} → ${mb(a.rssMb)} MB${holds})`,
        unit: 'KB',
        herald: rssKb === null ? null : round(rssKb, 2),
      }),
      figure({
        metric: `memory per endpoint, ${service}: heap used (${mb(b.heapUsedMb)} → ${mb(a.heapUsedMb)} MB)`,
        unit: 'KB',
        herald: heapKb === null ? null : round(heapKb, 2),
      }),
      figure({
        metric: `memory per endpoint, ${service}: heap used once every endpoint had deliveries (${mb(b.heapUsedMb)} → ${mb(d.heapUsedMb)} MB, garbage included)`,
        unit: 'KB',
        herald: deliveredHeapKb === null ? null : round(deliveredHeapKb, 2),
      }),
    );
  }
  const perEvent = settings.endpointsPerTenant;
  figures.push(
    figure({
      metric: `one event to ${perEvent} endpoints of one tenant, time to all received (median of ${oneTimes.length} tenants)`,
      unit: 'ms',
      herald: oneMedian,
    }),
    figure({
      metric: `one event to ${perEvent} endpoints of one tenant, time to all received (worst of ${oneTimes.length} tenants)`,
      unit: 'ms',
      herald: oneWorst,
      target: `herald ≤ ${FAN_OUT_TARGET_MS} ms per event`,
      pass: Number.isFinite(oneWorst) && oneWorst <= FAN_OUT_TARGET_MS,
    }),
    figure({
      metric: `one event to each of ${settings.tenants} tenants at once, time to all ${total} received`,
      unit: 'ms',
      herald: allLast,
    }),
    figure({
      metric: `one event to each of ${settings.tenants} tenants at once, median event's time to all received`,
      unit: 'ms',
      herald: round(median(allTimes)),
    }),
    figure({
      metric: `one event to each of ${settings.tenants} tenants at once, deliveries/s`,
      unit: '/s',
      herald: allRate,
    }),
  );
  return {
    id: 'endpoints-10k',
    title: `Many endpoints: ${total} over ${settings.tenants} tenants`,
    correct: problems.length === 0,
    problems,
    figures,
    details: {
      settings,
      endpointCreationMs: Math.round(creationMs),
      creationCpuSeconds: creationCpu,
      readModelWatchers: sync.watchers,
      readModelCatchUpMs: Math.round(sync.ms),
      memory,
      sampledTenants: sample,
      oneAtATimeMs: oneTimes,
      /** Each service's event-loop delay (p99 / max) while the events went one at a time. */
      oneAtATimeEventLoopLag: oneLag,
      /** How long Herald took to finish the previous phase's work before each timed phase. */
      settledMs: { beforeOneAtATime: settledBeforeOne, beforeEveryTenant: settledBeforeAll },
      everyTenantAtOnce: {
        perEventMs: allTimes.map((ms) => round(ms)),
        lastMs: allLast,
        deliveriesPerSecond: allRate,
      },
      verification: {
        oneAtATime: oneVerification,
        everyTenantAtOnce: all.verification,
      },
    },
  };
}

/**
 * RSS (from /proc) and V8 heap used (from each service's `/metrics`) of
 * every service: three readings 500 ms apart, the median RSS and the least
 * heap used (the heap holds garbage until the next collection; its least
 * reading is the nearest to what is live).
 */
async function footprints(ctx: BenchContext): Promise<Record<ServiceName, Footprint>> {
  const { services } = ctx.herald;
  const readings: Record<string, { rss: number[]; heap: number[] }> = {};
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(500);
    await Promise.all(
      SERVICES.map(async (service) => {
        const entry = (readings[service] ??= { rss: [], heap: [] });
        const pid = services.pidOf(service);
        const memory = pid === null ? null : readMemory(pid);
        if (memory) entry.rss.push(memory.rssMb);
        try {
          const samples = await scrape(services.url(service));
          const bytes = sumOf(samples, 'herald_nodejs_heap_size_used_bytes');
          if (bytes > 0) entry.heap.push(bytes / 1024 / 1024);
        } catch {
          // no heap reading from this service this time
        }
      }),
    );
  }
  return Object.fromEntries(
    SERVICES.map((service) => {
      const { rss, heap } = readings[service]!;
      return [
        service,
        {
          rssMb: rss.length ? round(median(rss), 1) : null,
          heapUsedMb: heap.length ? round(Math.min(...heap), 1) : null,
        },
      ];
    }),
  ) as Record<ServiceName, Footprint>;
}

/**
 * Waits until every read model has applied the registry's last write: every
 * consumer of the registry KV stream (each `RegistryView` follows the bucket
 * with one) has been delivered the stream's last message, and there are at
 * least as many as running instances of the services holding a read model.
 * The registry answers a create only after its KV put, so once the creates
 * have returned the stream's last sequence covers them all.
 */
async function waitForReadModels(ctx: BenchContext): Promise<{ ms: number; watchers: number }> {
  const jsm = await ctx.js.jetstreamManager();
  const stream = `KV_${new Namespace(ctx.namespace).registryBucket}`;
  const lastSeq = (await jsm.streams.info(stream)).state.last_seq;
  const expected = READ_MODEL_HOLDERS.reduce(
    (sum, service) => sum + ctx.herald.services.instances(service).length,
    0,
  );
  const began = monotonicMs();
  const deadline = began + ctx.options.durations.drainDeadlineMs;
  for (;;) {
    checkStop(ctx);
    let caughtUp = 0;
    for (const info of await jsm.consumers.list(stream).next()) {
      if (info.num_pending === 0 && info.delivered.stream_seq >= lastSeq) caughtUp += 1;
    }
    if (caughtUp >= expected) return { ms: monotonicMs() - began, watchers: caughtUp };
    if (monotonicMs() > deadline) {
      throw new Error(
        `only ${caughtUp} of ${expected} registry read models caught up with sequence ${lastSeq}`,
      );
    }
    await sleep(20);
  }
}

interface TenantEndpoints {
  tenant: Tenant;
  subject: string;
  paths: string[];
}

/**
 * Creates one tenant per entry of `sizes`, each with that many endpoints
 * subscribed to the scenario's event type, through the registry API, and the
 * receiver routes with their secrets. The registry serialises a tenant's
 * endpoint writes (its row is locked while the quota and rules are checked),
 * so the requests in flight go round the tenants: consecutive requests are for
 * different tenants, and none waits on another's lock.
 */
async function createEndpoints(ctx: BenchContext, sizes: number[]): Promise<TenantEndpoints[]> {
  const { api } = ctx.herald;
  const { requestsInFlight } = ctx.options.durations.endpoints10k;
  const ns = new Namespace(ctx.namespace);
  const tenants: Tenant[] = new Array<Tenant>(sizes.length);
  await inParallel(sizes.length, requestsInFlight, async (t) => {
    checkStop(ctx);
    const tenant = await api.createTenant(`bench-e10k-${t}`);
    await api.importEventTypes(tenant, [EVENT_TYPE]);
    tenants[t] = tenant;
  });
  const jobs = roundRobin(sizes);
  const secrets: string[][] = sizes.map((n) => new Array<string>(n));
  await inParallel(jobs.length, requestsInFlight, async (j) => {
    checkStop(ctx);
    const { part: t, index: i } = jobs[j]!;
    const created = await api.createEndpoint(tenants[t]!, {
      url: ctx.receiver.url(pathOf(t, i)),
      eventTypes: [EVENT_TYPE],
    });
    secrets[t]![i] = created.secret;
  });
  await ctx.receiver.routes(
    jobs.map(({ part: t, index: i }) => ({
      path: pathOf(t, i),
      secret: secrets[t]![i]!,
      mode: 'ok' as const,
    })),
  );
  return tenants.map((tenant, t) => ({
    tenant,
    subject: ns.ingestSubject(tenant.id, EVENT_TYPE),
    paths: Array.from({ length: sizes[t]! }, (_, i) => pathOf(t, i)),
  }));
}

const pathOf = (tenant: number, endpoint: number) => `/e10k/${tenant}/${endpoint}`;

/** Runs `work(0 … count-1)` with at most `limit` running at once; the first failure fails it. */
async function inParallel(
  count: number,
  limit: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * Waits until Herald has no work left from earlier phases: no message
 * pending or un-acknowledged on any consumer of its ingest, delivery-task and
 * attempt streams (stored, delivered, logged). Returns the time waited; past
 * the drain deadline it stops waiting and returns null.
 */
async function settle(ctx: BenchContext): Promise<number | null> {
  const jsm = await ctx.js.jetstreamManager();
  const ns = new Namespace(ctx.namespace);
  const streams = (['ingest', 'deliver.v1', 'attempt.v1'] as const).map((t) => ns.stream(t));
  const began = monotonicMs();
  for (;;) {
    checkStop(ctx);
    let waiting = 0;
    for (const stream of streams) {
      for (const info of await jsm.consumers.list(stream).next()) {
        waiting += info.num_pending + info.num_ack_pending;
      }
    }
    const waited = monotonicMs() - began;
    if (waiting === 0) return Math.round(waited);
    if (waited > ctx.options.durations.drainDeadlineMs) {
      ctx.log(`  NOTICE: ${waiting} messages still pending after ${Math.round(waited)} ms`);
      return null;
    }
    await sleep(100);
  }
}
