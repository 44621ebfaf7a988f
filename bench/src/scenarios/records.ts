import type { BenchContext } from '../context.js';
import { scrape, sumOf } from '../herald/herald-api.js';
import { sleep } from '../lifecycle/clock.js';
import type { TagReport } from '../receiver/ledger.js';
import type { HeraldSetup } from './setup.js';

/**
 * "Every message stored and every attempt logged", checked three ways after a
 * Herald phase: the services' own counters (ingest's stored messages and
 * delivery tasks, the health-monitor's logged attempts) moved by exactly the
 * phase's figures; the run's database holds one fanned-out message per
 * published event and one successful attempt per delivery; and a sample of
 * delivered messages reads back through ingest's API with the right payload.
 */
interface Counters {
  stored: number;
  tasks: number;
  success: number;
  failure: number;
}

async function counters(ctx: BenchContext): Promise<Counters> {
  const ingest = await scrape(ctx.herald.services.url('ingest'));
  const health = await scrape(ctx.herald.services.url('health-monitor'));
  return {
    stored: sumOf(ingest, 'herald_ingest_messages_total', { outcome: 'stored' }),
    tasks: sumOf(ingest, 'herald_ingest_delivery_tasks_total'),
    success: sumOf(health, 'herald_delivery_attempts_total', { outcome: 'success' }),
    failure: sumOf(health, 'herald_delivery_attempts_total', { outcome: 'failure' }),
  };
}

async function after(
  ctx: BenchContext,
  before: Counters,
  setup: HeraldSetup,
  phase: { messages: number; deliveries: number; report: TagReport },
): Promise<{ problems: string[]; details: Record<string, unknown> }> {
  const problems: string[] = [];
  // The attempt log trails delivery a little: wait for it (bounded), never sleep blindly.
  let now = await counters(ctx);
  const deadline = Date.now() + 30_000;
  while (now.success - before.success < phase.deliveries && Date.now() < deadline) {
    await sleep(200);
    now = await counters(ctx);
  }
  const delta = {
    stored: now.stored - before.stored,
    tasks: now.tasks - before.tasks,
    success: now.success - before.success,
    failure: now.failure - before.failure,
  };
  if (delta.stored !== phase.messages) {
    problems.push(`ingest counted ${delta.stored} stored messages for ${phase.messages} published`);
  }
  if (delta.tasks !== phase.deliveries) {
    problems.push(
      `ingest counted ${delta.tasks} delivery tasks for ${phase.deliveries} deliveries`,
    );
  }
  if (delta.success !== phase.deliveries) {
    problems.push(
      `health-monitor logged ${delta.success} successful attempts for ${phase.deliveries} deliveries`,
    );
  }
  const sql = await checkDatabase(ctx, setup, phase.report.tag, phase).catch((error: Error) => ({
    problems: [`database check failed: ${error.message}`],
    rows: null,
  }));
  problems.push(...sql.problems);
  const readBack = await readBackSample(ctx, setup, phase.report);
  problems.push(...readBack.problems);
  return {
    problems,
    details: {
      counterDeltas: delta,
      database: sql.rows,
      readBack: readBack.checked,
      failedAttemptsLogged: delta.failure,
    },
  };
}

async function checkDatabase(
  ctx: BenchContext,
  setup: HeraldSetup,
  tag: string,
  phase: { messages: number; deliveries: number },
) {
  const problems: string[] = [];
  const [messages] = await ctx.herald.db.query<{ total: string; fanned_out: string }>(
    `SELECT count(*) AS total, count(f.message_id) AS fanned_out
     FROM ingest.messages m LEFT JOIN ingest.fan_outs f ON f.message_id = m.id
     WHERE m.tenant_id = $1 AND m.idempotency_key LIKE $2`,
    [setup.tenant.id, `${tag}-%`],
  );
  const [attempts] = await ctx.herald.db.query<{ success: string; failure: string; pairs: string }>(
    `SELECT count(*) FILTER (WHERE a.outcome = 'success') AS success,
            count(*) FILTER (WHERE a.outcome = 'failure') AS failure,
            count(DISTINCT (a.message_id, a.endpoint_id)) FILTER (WHERE a.outcome = 'success') AS pairs
     FROM health.attempts a JOIN ingest.messages m ON m.id = a.message_id
     WHERE m.tenant_id = $1 AND m.idempotency_key LIKE $2`,
    [setup.tenant.id, `${tag}-%`],
  );
  const rows = {
    messages: Number(messages?.total),
    fannedOut: Number(messages?.fanned_out),
    successfulAttempts: Number(attempts?.success),
    failedAttempts: Number(attempts?.failure),
    deliveredPairs: Number(attempts?.pairs),
  };
  if (rows.messages !== phase.messages || rows.fannedOut !== phase.messages) {
    problems.push(
      `database holds ${rows.messages} messages (${rows.fannedOut} fanned out) for ${phase.messages} published`,
    );
  }
  if (rows.deliveredPairs !== phase.deliveries) {
    problems.push(
      `attempt log holds ${rows.deliveredPairs} delivered (message, endpoint) pairs for ${phase.deliveries} deliveries`,
    );
  }
  return { problems, rows };
}

async function readBackSample(ctx: BenchContext, setup: HeraldSetup, report: TagReport) {
  const problems: string[] = [];
  let checked = 0;
  for (const { path, id } of report.sample) {
    const endpoint = setup.endpoints.find((e) => e.path === path);
    try {
      const message = await ctx.herald.api.message(setup.tenant, id);
      const payload = JSON.parse(message.payload) as { tag?: string };
      if (payload.tag !== report.tag)
        problems.push(`message ${id} reads back with another payload`);
      if (!endpoint || !message.endpointIds.includes(endpoint.id)) {
        problems.push(`message ${id} does not list the endpoint it was delivered to`);
      }
      checked++;
    } catch (error) {
      problems.push(`message ${id} does not read back: ${(error as Error).message}`);
    }
  }
  return { problems, checked };
}

export const checkHeraldRecords = { before: counters, after };

/**
 * Why did Herald send some messages twice? Delivery is at least once: when an
 * attempt fails on Herald's side (a timeout, a reset) after the receiver
 * already had the request, the retry is a duplicate by design. The attempt
 * log tells such duplicates from unexplained ones (a de-duplication bug). The
 * phase stays failed either way; this says which it was.
 */
export async function explainDuplicates(
  ctx: BenchContext,
  setup: HeraldSetup,
  report: TagReport,
): Promise<string | null> {
  if (report.duplicates === 0) return null;
  const endpointOf = new Map(setup.endpoints.map((e) => [e.path, e.id]));
  const pairs = report.duplicateSample.map((d) => ({
    message: d.id,
    endpoint: endpointOf.get(d.path),
  }));
  try {
    const rows = await ctx.herald.db.query<{
      message_id: string;
      endpoint_id: string;
      reasons: string[];
    }>(
      `SELECT message_id, endpoint_id, array_agg(reason ORDER BY attempt) AS reasons
       FROM health.attempts WHERE message_id = ANY($1) GROUP BY message_id, endpoint_id`,
      [pairs.map((p) => p.message)],
    );
    const chains = new Map(rows.map((r) => [`${r.message_id}\n${r.endpoint_id}`, r.reasons]));
    const reasons = new Map<string, number>();
    let unexplained = 0;
    for (const pair of pairs) {
      const chain = chains.get(`${pair.message}\n${pair.endpoint}`) ?? [];
      const failures = chain.filter((reason) => reason !== 'delivered');
      if (failures.length === 0) unexplained += 1;
      for (const reason of failures) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const explained = [...reasons].map(([reason, n]) => `${n}× ${reason}`).join(', ');
    return (
      `of ${pairs.length} duplicates looked up, ${pairs.length - unexplained} follow a failed attempt in ` +
      `the attempt log (${explained || 'none'}: at-least-once retry after the receiver had the request), ` +
      `${unexplained} have no failed attempt (would be a de-duplication bug)`
    );
  } catch (error) {
    return `could not look up the duplicates in the attempt log: ${(error as Error).message}`;
  }
}
