import { describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { ManualClock } from './clock.js';
import { PeriodicJob } from './periodic-job.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A job whose runs count themselves, then wait until `gate` opens (`runs.finished`: those that ended). */
function gatedJob(intervalMs: number) {
  const gate = deferred();
  const runs = { started: 0, finished: 0 };
  const job = new PeriodicJob({
    name: 'gated',
    intervalMs,
    logger: { error: jest.fn() },
    run: async () => {
      runs.started += 1;
      await gate.promise;
      runs.finished += 1;
    },
  });
  return { job, gate, runs };
}

describe('PeriodicJob', () => {
  it('never overlaps runs: a run while one is in progress joins it', async () => {
    const { job, gate, runs } = gatedJob(60_000);
    const first = job.runNow();
    const second = job.runNow();
    gate.resolve();
    await Promise.all([first, second]);
    expect(runs.started).toBe(1);
    await job.runNow();
    expect(runs.started).toBe(2);
  });

  it('logs and counts a failing run, and runs again afterwards', async () => {
    const metrics = new Registry();
    const error = jest.fn();
    let fail = true;
    const job = new PeriodicJob({
      name: 'expiry',
      intervalMs: 60_000,
      logger: { error },
      metrics,
      run: () => {
        if (fail) throw new Error('db gone');
      },
    });
    await job.runNow();
    fail = false;
    await job.runNow();
    expect(error).toHaveBeenCalledWith('expiry failed: db gone');
    const text = await metrics.metrics();
    expect(text).toContain('herald_job_runs_total{job="expiry",outcome="failed"} 1');
    expect(text).toContain('herald_job_runs_total{job="expiry",outcome="ok"} 1');
    expect(text).toContain('herald_job_duration_seconds_count{job="expiry"} 2');
  });

  it('ticks on its interval, and stop() waits for the run in progress', async () => {
    jest.useFakeTimers();
    try {
      const { job, gate, runs } = gatedJob(1_000);
      await job.start();
      expect(runs.started).toBe(0);
      jest.advanceTimersByTime(1_000);
      expect(runs.started).toBe(1);
      jest.advanceTimersByTime(1_000);
      expect(runs.started).toBe(1);
      const stopping = job.stop();
      expect(job.started).toBe(false);
      gate.resolve();
      await stopping;
      expect(runs.finished).toBe(1);
      jest.advanceTimersByTime(5_000);
      expect(runs.started).toBe(1);
      await job.start();
      expect(job.started).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('start({ immediate: true }) runs once before returning', async () => {
    let calls = 0;
    const job = new PeriodicJob({
      name: 'first',
      intervalMs: 60_000,
      logger: { error: jest.fn() },
      run: () => {
        calls += 1;
      },
    });
    await job.start({ immediate: true });
    expect(calls).toBe(1);
    await job.stop();
  });
});

describe('ManualClock', () => {
  it('moves wall and monotonic time together, and never moves monotonic time back', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    clock.advance(250);
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:00.250Z'));
    expect(clock.monotonic()).toBe(250);
    clock.set(0);
    expect(clock.now()).toBe(0);
    expect(clock.monotonic()).toBe(250);
  });
});
