import { describe, expect, it } from '@jest/globals';
import CircuitBreaker from 'opossum';
import { CountingStatus, type RotateController } from './counting-status.js';

/** Turns the windows subscribed to it when told. */
class Turner implements RotateController {
  readonly rotations = new Set<() => void>();
  on(_event: string, rotate: () => void) {
    this.rotations.add(rotate);
    return this;
  }
  removeListener(_event: string, rotate: () => void) {
    this.rotations.delete(rotate);
    return this;
  }
  listenerCount(_event: string, rotate?: () => void) {
    return rotate ? Number(this.rotations.has(rotate)) : this.rotations.size;
  }
  turn() {
    for (const rotate of this.rotations) rotate();
  }
}

const COUNTERS = ['fires', 'successes', 'failures', 'rejects', 'timeouts', 'fallbacks'] as const;
const counts = (stats: CircuitBreaker.Bucket) => COUNTERS.map((name) => stats[name]);

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('CountingStatus', () => {
  it("holds the same counts as opossum's own window, step by step", () => {
    const turner = new Turner();
    const theirs = CircuitBreaker.newStatus({
      rollingCountBuckets: 10,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
      rotateBucketController: turner as never,
    }) as CircuitBreaker.Status & { increment(name: string): void; shutdown(): void };
    const ours = new CountingStatus(10, turner);
    const random = lcg(7);
    for (let step = 0; step < 2_000; step++) {
      if (random() < 0.2) turner.turn();
      else {
        const name = COUNTERS[Math.floor(random() * COUNTERS.length)]!;
        theirs.increment(name);
        ours.increment(name);
      }
      expect(counts(ours.stats)).toEqual(counts(theirs.stats));
    }
    expect(ours.window.map(counts)).toEqual(theirs.window.map(counts));
    theirs.shutdown();
    ours.shutdown();
    expect(turner.rotations.size).toBe(0);
  });

  it('lets a breaker open and recover exactly as with its own status', async () => {
    const turner = new Turner();
    const settings = {
      timeout: false as const,
      errorThresholdPercentage: 50,
      volumeThreshold: 4,
      rollingCountTimeout: 10_000,
      rollingCountBuckets: 10,
      resetTimeout: 60_000,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
      rotateBucketController: turner as never,
    };
    const run = (fail: boolean) => (fail ? Promise.reject(new Error('down')) : Promise.resolve(1));
    const theirs = new CircuitBreaker(run, settings);
    const ours = new CircuitBreaker(run, { ...settings, status: new CountingStatus(10, turner) });
    const random = lcg(11);
    for (let step = 0; step < 400; step++) {
      if (random() < 0.15) turner.turn();
      const fail = random() < 0.45;
      const outcomes = await Promise.all(
        [theirs, ours].map((breaker) =>
          breaker.fire(fail).then(
            () => 'ok',
            (error: Error & { code?: string }) => error.code ?? error.message,
          ),
        ),
      );
      expect(outcomes[1]).toBe(outcomes[0]);
      expect(ours.opened).toBe(theirs.opened);
      // An open breaker is closed again by hand now and then, so the run goes on.
      if (theirs.opened && random() < 0.3) {
        theirs.close();
        ours.close();
      }
    }
    theirs.shutdown();
    ours.shutdown();
  });

  it('keeps no latency samples and reports no percentiles', async () => {
    const turner = new Turner();
    const status = new CountingStatus(10, turner);
    const breaker = new CircuitBreaker(() => Promise.resolve(1), { timeout: false, status });
    await breaker.fire();
    expect(breaker.stats).toMatchObject({
      fires: 1,
      successes: 1,
      latencyTimes: [],
      latencyMean: -1,
    });
    breaker.shutdown();
  });
});
