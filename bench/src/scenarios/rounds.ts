import type { WalCounters } from '../infra/database.js';
import type { Verification } from '../report/verify.js';
import { round } from '../report/stats.js';
import type { SaturationResult } from './measure.js';

/** One system's saturated phases, measured in rounds between the other systems' (ADR 0116). */
export type PooledSaturation = Omit<
  SaturationResult,
  'report' | 'riders' | 'riderVerification' | 'natsProfile'
> & {
  /** Each round's own figures, in the order they ran. */
  rounds: Pick<SaturationResult, 'rate' | 'cpuSeconds' | 'deliveredWhileLoaded'>[];
};

/**
 * Pools one system's rounds into the figures of one phase. Every round has
 * the same window, so the rate is the mean of the rounds' rates; CPU seconds,
 * system calls, WAL, deliveries and deferrals add up (WAL only when every
 * round read it), so CPU per delivery is the total CPU over the total
 * deliveries; verification holds only if every round's held; the
 * event-loop delay and the drain are the worst round's.
 */
export function pooled(rounds: readonly SaturationResult[]): PooledSaturation {
  if (rounds.length === 0) throw new Error('no rounds to pool');
  const rates = rounds.map((r) => r.rate);
  return {
    rate: round(sum(rates) / rates.length),
    rounds: rounds.map(({ rate, cpuSeconds, deliveredWhileLoaded }) => ({
      rate,
      cpuSeconds,
      deliveredWhileLoaded,
    })),
    published: sum(rounds.map((r) => r.published)),
    verification: pooledVerification(rounds.map((r) => r.verification)),
    cpuSeconds: addedUp(
      rounds.map((r) => r.cpuSeconds),
      2,
    )!,
    ioCalls: addedUp(rounds.map((r) => r.ioCalls)) ?? {},
    wal: pooledWal(rounds.map((r) => r.wal)),
    deliveredWhileLoaded: sum(rounds.map((r) => r.deliveredWhileLoaded)),
    eventLoopLag: worstLag(rounds.map((r) => r.eventLoopLag)),
    drainMs: Math.max(...rounds.map((r) => r.drainMs)),
    deferrals: addedUp(rounds.map((r) => r.deferrals)),
  };
}

function pooledWal(all: (WalCounters | null)[]): WalCounters | null {
  const present = all.filter((wal): wal is WalCounters => wal !== null);
  if (present.length < all.length) return null;
  return {
    records: sum(present.map((wal) => wal.records)),
    fullPageImages: sum(present.map((wal) => wal.fullPageImages)),
    bytes: sum(present.map((wal) => wal.bytes)),
  };
}

function pooledVerification(all: Verification[]): Verification {
  const total = (key: keyof Omit<Verification, 'ok' | 'problems'>) => sum(all.map((v) => v[key]));
  return {
    ok: all.every((v) => v.ok),
    expected: total('expected'),
    delivered: total('delivered'),
    missing: total('missing'),
    unexpected: total('unexpected'),
    duplicates: total('duplicates'),
    invalidSignatures: total('invalidSignatures'),
    problems: all.flatMap((v) => v.problems),
  };
}

/** Sums of each key over the records given (null when every one is null). */
function addedUp(
  records: (Record<string, number> | null)[],
  digits?: number,
): Record<string, number> | null {
  const present = records.filter((r): r is Record<string, number> => r !== null);
  if (present.length === 0) return null;
  const out: Record<string, number> = {};
  for (const record of present) {
    for (const [key, value] of Object.entries(record)) out[key] = (out[key] ?? 0) + value;
  }
  if (digits !== undefined) for (const key of Object.keys(out)) out[key] = round(out[key]!, digits);
  return out;
}

type Lag = SaturationResult['eventLoopLag'];

/** Per service, the highest p99 and the highest maximum of any round. */
function worstLag(all: Lag[]): Lag {
  const present = all.filter((lag): lag is NonNullable<Lag> => lag !== null);
  if (present.length === 0) return null;
  const out: NonNullable<Lag> = {};
  for (const lag of present) {
    for (const [service, value] of Object.entries(lag)) {
      const seen = out[service];
      if (value === null) out[service] ??= null;
      else if (!seen) out[service] = { ...value };
      else
        out[service] = {
          p99Ms: Math.max(seen.p99Ms, value.p99Ms),
          maxMs: Math.max(seen.maxMs, value.maxMs),
        };
    }
  }
  return out;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
