import { afterEach, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { AttemptOutcome } from '@herald/contracts';
import { AttemptWriter } from './attempt-writer.js';
import { anOutcome } from '../testing/outcomes.js';
import { LogMetrics } from './log-metrics.js';

const writers: AttemptWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.beforeApplicationShutdown();
});

/** A writer over an in-memory table that records every batch it is given. */
function setup(settings = { maxBatch: 3, lingerMs: 5 }) {
  const table = new Set<string>();
  const batches: string[][] = [];
  const faults = { insert: 0 };
  const registry = new Registry();
  const writer = new AttemptWriter(
    {
      insertMany: (outcomes: readonly AttemptOutcome[]) => {
        batches.push(outcomes.map((o) => o.attemptId));
        if (faults.insert > 0 && faults.insert--) {
          // A lost connection (an outage): the writer does not split the batch for it.
          return Promise.reject(
            Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }),
          );
        }
        const inserted = new Set<string>();
        for (const o of outcomes) {
          if (!table.has(o.attemptId)) inserted.add(o.attemptId);
          table.add(o.attemptId);
        }
        return Promise.resolve(inserted);
      },
    },
    settings,
    new LogMetrics(registry),
  );
  writers.push(writer);
  const outcome = (id: string) => anOutcome({ attemptId: id });
  return { writer, batches, faults, outcome, registry };
}

describe('AttemptWriter', () => {
  it('writes concurrent outcomes in batches of at most maxBatch', async () => {
    const { writer, batches, outcome } = setup();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) => writer.record(outcome(id))),
    );
    expect(results).toEqual([true, true, true, true, true]);
    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('tells exactly one caller that an attempt was new, also within one batch', async () => {
    const { writer, outcome } = setup();
    const first = await Promise.all([writer.record(outcome('a')), writer.record(outcome('a'))]);
    expect(first).toEqual([true, false]);
    expect(await writer.record(outcome('a'))).toBe(false);
  });

  it('rejects every caller of a failed batch, and a retry then stores them', async () => {
    const { writer, faults, outcome, registry } = setup();
    faults.insert = 1;
    const failed = await Promise.allSettled([
      writer.record(outcome('a')),
      writer.record(outcome('b')),
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await writer.record(outcome('a'))).toBe(true);
    expect(await registry.metrics()).toContain('herald_attempt_log_write_failures_total 1');
  });

  it('writes a lone outcome after lingerMs', async () => {
    const { writer, batches, outcome } = setup({ maxBatch: 100, lingerMs: 20 });
    const started = performance.now();
    expect(await writer.record(outcome('a'))).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(batches).toEqual([['a']]);
  });
});
