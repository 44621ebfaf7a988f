import { randomBytes } from 'node:crypto';
import { Namespace } from '@herald/contracts';
import { baselineSubject } from '../baseline/naming.js';
import { checkStop, type BenchContext } from '../context.js';
import type { Tenant } from '../herald/herald-api.js';
import { drain } from '../load/drivers.js';
import type { Lane } from '../load/lanes.js';
import { FlowPublisher } from '../load/publisher.js';
import type { Mode } from '../receiver/ledger.js';
import { verifyDeliveries } from '../report/verify.js';

/**
 * Creating what a scenario publishes to: Herald tenants and endpoints through
 * the registry API (as a customer would), baseline routes, and the receiver
 * paths with their secrets — then a warm-up that proves every path is
 * reachable before anything is measured.
 */
export interface EndpointSpec {
  path: string;
  eventType: string;
  mode?: Mode;
  timeoutMs?: number;
  retrySchedule?: string[];
}

export interface HeraldSetup {
  tenant: Tenant;
  endpoints: { id: string; path: string; eventType: string }[];
  /** The ingest subject of an event type for this tenant. */
  subject(eventType: string): string;
}

export async function setUpHerald(
  ctx: BenchContext,
  name: string,
  specs: EndpointSpec[],
): Promise<HeraldSetup> {
  const { api } = ctx.herald;
  const tenant = await api.createTenant(`bench-${name}`);
  const created = await api.createEndpoints(
    tenant,
    specs.map((spec) => ({
      url: ctx.receiver.url(spec.path),
      eventTypes: [spec.eventType],
      ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
      ...(spec.retrySchedule === undefined ? {} : { retrySchedule: spec.retrySchedule }),
    })),
  );
  await ctx.receiver.routes(
    specs.map((spec, i) => ({
      path: spec.path,
      secret: created[i]!.secret,
      mode: spec.mode ?? 'ok',
    })),
  );
  const ns = new Namespace(ctx.namespace);
  return {
    tenant,
    endpoints: specs.map((spec, i) => ({
      id: created[i]!.id,
      path: spec.path,
      eventType: spec.eventType,
    })),
    subject: (eventType) => ns.ingestSubject(tenant.id, eventType),
  };
}

/** One lane per endpoint: each event type reaches exactly one endpoint. */
export function lanesPerEndpoint(setup: HeraldSetup): Lane[] {
  return setup.endpoints.map((e) => ({ subject: setup.subject(e.eventType), paths: [e.path] }));
}

/** Baseline routes for `paths`, with fresh secrets; one lane per path. */
export async function setUpBaseline(ctx: BenchContext, paths: string[]): Promise<Lane[]> {
  const table: Record<string, { url: string; secret: string }> = {};
  const lanes: Lane[] = [];
  const routes = paths.map((path) => {
    const key = path.replace(/^\//, '').replace(/[^A-Za-z0-9_-]/g, '-');
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    table[key] = { url: ctx.receiver.url(path), secret };
    lanes.push({ subject: baselineSubject(ctx.namespace, key), paths: [path] });
    return { path, secret, mode: 'ok' as const };
  });
  await ctx.receiver.routes(routes);
  await ctx.baseline.routes(table);
  return lanes;
}

/**
 * Publishes one message per lane until a round arrives complete and verified
 * (Herald's read models are eventually consistent: an endpoint created a
 * moment ago may miss the first event, as documented). Fails after 5 rounds.
 */
export async function warmUp(ctx: BenchContext, name: string, lanes: Lane[]): Promise<void> {
  const problems: string[] = [];
  for (let round = 1; round <= 5; round++) {
    checkStop(ctx);
    const publisher = new FlowPublisher(ctx.js, { tag: `${name}-warm${round}`, lanes });
    await publisher.burst(lanes.length, 64);
    await drain(ctx.receiver, [publisher], { deadlineMs: 15_000, quietMs: 5_000, stop: ctx.stop });
    const report = await ctx.receiver.report(publisher.flow.tag);
    const verification = verifyDeliveries(`${name} warm-up`, report, publisher.ledger);
    await ctx.receiver.forget([publisher.flow.tag]);
    if (verification.ok) return;
    problems.push(...verification.problems);
    ctx.log(`  warm-up round ${round} incomplete: ${verification.problems.join('; ')}`);
  }
  throw new Error(`${name}: warm-up never completed: ${problems.join('; ')}`);
}
