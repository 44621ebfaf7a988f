import type { BenchContext } from '../context.js';
import type { TagReport } from '../receiver/ledger.js';
import { distribution, round } from '../report/stats.js';
import type { HeraldSetup } from './setup.js';

/**
 * Where a Herald delivery's latency goes, per message, from the timestamps
 * Herald itself records: ingest's `created_at` (message stored) and
 * `fan_outs.fanned_out_at` (every task in JetStream), the attempt's `at` (dispatcher
 * started the request) and `recorded_at` (health-monitor logged it), set
 * against the bench's publish and receipt times. Monotonic bench times are
 * turned into wall-clock times with one offset read in the bench process
 * (the offset is the same in every process); Postgres and Herald read the same
 * wall clock. Clock steps during a run would skew this; it is a diagnostic,
 * not a judged figure.
 */
export interface StageBreakdown {
  messages: number;
  /** p50 / p99 per stage, ms. */
  stages: Record<string, { p50: number; p99: number }>;
}

/**
 * Consecutive stages of one delivery, plus one side measure: ingest marks a
 * message fanned out (a `fan_outs` row, inserted once every task publish is
 * acknowledged) in parallel with the dispatcher already working on the tasks,
 * so it is not a step on the delivery's path.
 */
export const STAGES = [
  'publish → stored (NATS, ingest consumer, insert)',
  'stored → request started (task publish, dispatcher)',
  'request started → received (sign, HTTP)',
  'received → attempt logged (health-monitor)',
  'side: stored → marked fanned out (ingest)',
] as const;

export async function latencyBreakdown(
  ctx: BenchContext,
  setup: HeraldSetup,
  report: TagReport,
  wallMinusMonotonic: number,
): Promise<StageBreakdown | { error: string }> {
  try {
    const rows = await ctx.herald.db.query<{
      key: string;
      created: number;
      fanned: number;
      started: number;
      logged: number;
    }>(
      `SELECT m.idempotency_key AS key,
              extract(epoch FROM m.created_at) * 1000 AS created,
              extract(epoch FROM f.fanned_out_at) * 1000 AS fanned,
              extract(epoch FROM a.at) * 1000 AS started,
              extract(epoch FROM a.recorded_at) * 1000 AS logged
       FROM ingest.messages m JOIN health.attempts a ON a.message_id = m.id AND a.outcome = 'success'
         LEFT JOIN ingest.fan_outs f ON f.message_id = m.id
       WHERE m.tenant_id = $1 AND m.idempotency_key LIKE $2`,
      [setup.tenant.id, `${report.tag}-%`],
    );
    const bySeq = new Map(rows.map((r) => [Number(r.key.slice(report.tag.length + 1)), r]));
    const stages: number[][] = STAGES.map(() => []);
    for (let i = 0; i < report.seq.length; i++) {
      const row = bySeq.get(report.seq[i]!);
      if (!row) continue;
      const published = report.sent[i]! + wallMinusMonotonic;
      const received = report.received[i]! + wallMinusMonotonic;
      const durations = [
        row.created - published,
        row.started - row.created,
        received - row.started,
        row.logged - received,
        row.fanned - row.created,
      ];
      durations.forEach((ms, s) => stages[s]!.push(ms));
    }
    return {
      messages: stages[0]!.length,
      stages: Object.fromEntries(
        STAGES.map((name, s) => {
          const d = distribution(stages[s]!);
          return [name, { p50: round(d.p50, 1), p99: round(d.p99, 1) }];
        }),
      ),
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
