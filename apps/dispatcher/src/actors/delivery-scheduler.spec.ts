import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@herald/runtime';
import {
  DeliveryScheduler,
  SchedulerClosed,
  type SchedulerSettings,
  type SubmitOptions,
} from './delivery-scheduler.js';

/** A clock with a timer queue, both driven by the test. */
class ManualTimers extends ManualClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.monotonic() + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  override advance(ms: number): void {
    super.advance(ms);
    const now = this.monotonic();
    const due = this.timers.filter((t) => t.at <= now);
    this.timers = this.timers.filter((t) => t.at > now);
    for (const timer of due) timer.fn();
  }
}

/** A job the test finishes by hand; records the order jobs started in. */
function harness(settings: Partial<SchedulerSettings> = {}) {
  const clock = new ManualTimers();
  const scheduler = new DeliveryScheduler(
    { maxInFlight: 100, mailboxSize: 100, maxQueued: 1000, maxHeldBytes: Infinity, ...settings },
    clock,
  );
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  /** Results of accepted jobs, in submission order. */
  const results: Promise<string>[] = [];
  /** Submits a job; false when the scheduler refused it. */
  const submit = (
    endpoint: string,
    tenant = 't1',
    limits = { concurrency: 10, ratePerSecond: null as number | null },
    options: SubmitOptions = {},
  ): boolean => {
    const result = scheduler.submit(
      { id: endpoint, tenantId: tenant },
      limits,
      () => {
        started.push(endpoint);
        return new Promise<string>((resolve) => finishers.push(() => resolve(endpoint)));
      },
      options,
    );
    if (result === null) return false;
    result.catch(() => undefined); // observed through `results`
    results.push(result);
    return true;
  };
  const finishAll = async () => {
    for (const finish of finishers.splice(0)) finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, scheduler, started, submit, finishAll, results };
}

describe('DeliveryScheduler', () => {
  it('runs at most `concurrency` jobs of one endpoint and starts the next when one finishes', async () => {
    const h = harness();
    const limits = { concurrency: 2, ratePerSecond: null };
    for (let i = 0; i < 3; i++) h.submit('slow', 't1', limits);
    expect(h.started).toEqual(['slow', 'slow']);
    expect(h.scheduler.queuedFor('slow')).toBe(1);
    await h.finishAll();
    expect(h.started).toHaveLength(3);
    await h.finishAll();
    await expect(Promise.all(h.results)).resolves.toEqual(['slow', 'slow', 'slow']);
  });

  it('keeps starting other endpoints while one is at its concurrency limit', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.submit('hanging', 't1', { concurrency: 1, ratePerSecond: null });
    for (let i = 0; i < 3; i++) h.submit('healthy');
    expect(h.started.filter((e) => e === 'healthy')).toHaveLength(3);
    expect(h.scheduler.queuedFor('hanging')).toBe(4);
  });

  it('takes turns between tenants, so one tenant’s backlog does not starve another', async () => {
    const h = harness({ maxInFlight: 1 });
    h.submit('a1', 'big');
    for (let i = 0; i < 5; i++) h.submit('a2', 'big');
    for (let i = 0; i < 5; i++) h.submit('a3', 'big');
    h.submit('b1', 'small');
    h.submit('b1', 'small');
    for (let i = 0; i < 5; i++) await h.finishAll();
    // Tenants alternate, and so do a tenant's endpoints: `small` gets every other
    // turn although `big` queued far more.
    expect(h.started.slice(0, 6)).toEqual(['a1', 'a2', 'b1', 'a3', 'b1', 'a2']);
  });

  it('spaces job starts of a rate-limited endpoint and wakes itself up for the next one', async () => {
    const h = harness();
    const limits = { concurrency: 10, ratePerSecond: 5 };
    for (let i = 0; i < 3; i++) h.submit('limited', 't1', limits);
    expect(h.started).toEqual(['limited']);
    h.clock.advance(199);
    expect(h.started).toHaveLength(1);
    h.clock.advance(1);
    expect(h.started).toHaveLength(2);
    h.clock.advance(200);
    expect(h.started).toHaveLength(3);
    await h.finishAll();
  });

  it('remembers the rate between bursts: an idle gap shorter than 1/rate does not reset it', async () => {
    const h = harness();
    const limits = { concurrency: 10, ratePerSecond: 2 };
    h.submit('limited', 't1', limits);
    await h.finishAll();
    h.clock.advance(100);
    h.submit('limited', 't1', limits);
    expect(h.started).toHaveLength(1);
    h.clock.advance(400);
    expect(h.started).toHaveLength(2);
  });

  it('refuses work when the endpoint’s mailbox or the replica’s queue is full', () => {
    const h = harness({ maxInFlight: 1, mailboxSize: 2, maxQueued: 3 });
    expect(h.submit('a')).toBe(true); // running
    expect(h.submit('a')).toBe(true);
    expect(h.submit('a')).toBe(true);
    expect(h.submit('a')).toBe(false); // a's mailbox holds 2
    expect(h.submit('b')).toBe(true);
    expect(h.submit('c')).toBe(false); // 3 queued in all
    const forced = h.scheduler.submit(
      { id: 'c', tenantId: 't1' },
      { concurrency: 10, ratePerSecond: null },
      () => Promise.resolve('c'),
      { beyondReplicaLimit: true },
    );
    expect(forced).not.toBeNull(); // beyond the replica's limit when asked
    forced?.catch(() => undefined);
  });

  it('bounds the payload bytes it holds: no start past the limit while jobs run, no new job', async () => {
    const h = harness({ maxHeldBytes: 1000 });
    const limits = { concurrency: 10, ratePerSecond: null };
    expect(h.submit('a', 't1', limits, { bytes: 900 })).toBe(true);
    expect(h.submit('b', 't1', limits, { bytes: 200 })).toBe(true); // 900 held: accepted, started
    expect(h.started).toEqual(['a', 'b']);
    expect(h.scheduler.heldBytes).toBe(1100);
    expect(h.submit('c', 't1', limits, { bytes: 10 })).toBe(false); // 1100 held: refused
    // The caller's own bounded jobs are accepted but wait: 1100 bytes are running.
    expect(h.submit('d', 't1', limits, { bytes: 10, beyondReplicaLimit: true })).toBe(true);
    expect(h.started).toEqual(['a', 'b']);
    expect(h.scheduler.queuedJobs).toBe(1);
    await h.finishAll();
    expect(h.started).toEqual(['a', 'b', 'd']);
    expect(h.scheduler.heldBytes).toBe(10);
    await h.finishAll();
    expect(h.scheduler.heldBytes).toBe(0);
    // A job larger than the limit still runs when nothing else does.
    expect(h.submit('e', 't1', limits, { bytes: 5000 })).toBe(true);
    expect(h.started).toContain('e');
  });

  it('never exceeds the replica-wide in-flight cap', () => {
    const h = harness({ maxInFlight: 3 });
    for (const endpoint of ['a', 'b', 'c', 'd', 'e']) h.submit(endpoint);
    expect(h.started).toEqual(['a', 'b', 'c']);
    expect(h.scheduler.runningJobs).toBe(3);
    expect(h.scheduler.queuedJobs).toBe(2);
  });

  it('hands queued jobs back on close and lets running ones finish', async () => {
    const h = harness({ maxInFlight: 1 });
    h.submit('a');
    h.submit('b');
    const [running, queued] = h.results;
    h.scheduler.close();
    expect(h.scheduler.closed).toBe(true);
    await expect(queued).rejects.toBeInstanceOf(SchedulerClosed);
    expect(h.submit('c')).toBe(false);
    await h.finishAll();
    await expect(running).resolves.toBe('a');
  });
});

describe('DeliveryScheduler per-tenant shares', () => {
  const wide = { concurrency: 100, ratePerSecond: null };

  it('runs at most tenantMaxInFlight jobs of one tenant, leaving the rest of the replica to others', async () => {
    const h = harness({ maxInFlight: 10, tenantMaxInFlight: 3 });
    for (let i = 0; i < 6; i++) h.submit(`noisy-${i}`, 'noisy', wide);
    expect(h.started).toHaveLength(3);
    h.submit('quiet', 'quiet', wide);
    expect(h.started).toEqual(['noisy-0', 'noisy-1', 'noisy-2', 'quiet']);
    expect(h.scheduler.tenantLoad('noisy')).toEqual({ queued: 3, running: 3 });
    await h.finishAll();
    // Three finished: three more of the noisy tenant start, never more at once.
    expect(h.scheduler.tenantLoad('noisy')).toEqual({ queued: 0, running: 3 });
  });

  it('refuses a tenant’s jobs beyond tenantMaxQueued, and only that tenant’s', async () => {
    const h = harness({ maxInFlight: 1, tenantMaxQueued: 2 });
    expect(h.submit('first', 'quiet', wide)).toBe(true); // running: the noisy tenant is not alone
    expect(h.submit('hang', 'noisy', wide)).toBe(true);
    expect(h.submit('hang', 'noisy', wide)).toBe(true);
    expect(h.scheduler.tenantFull('noisy')).toBe(true);
    expect(h.submit('hang', 'noisy', wide)).toBe(false);
    expect(h.submit('other', 'quiet', wide)).toBe(true);
    expect(h.scheduler.tenantFull('quiet')).toBe(false);
    await h.finishAll();
    // The quiet tenant's first job finished and the noisy tenant's turn came.
    expect(h.started).toEqual(['first', 'hang']);
    expect(h.scheduler.tenantFull('noisy')).toBe(false);
  });

  it('lets a tenant alone in the replica queue up to the replica’s queue less half a share', async () => {
    const h = harness({ maxInFlight: 1, maxQueued: 20, tenantMaxQueued: 6 });
    const one = { concurrency: 1, ratePerSecond: null };
    let accepted = 0;
    for (let i = 0; i < 30; i++) if (h.submit('solo', 'alone', one)) accepted += 1;
    // One running and 20 − 3 waiting: nobody else needs the room.
    expect(accepted).toBe(18);
    expect(h.scheduler.queuedShareOf('alone')).toBe(17);
    expect(h.scheduler.tenantFull('alone')).toBe(true);
    // The half share left free takes the next tenant's work at once…
    expect(h.submit('next', 'newcomer', one)).toBe(true);
    // …and from then on the first tenant has its own share again: nothing of
    // it is accepted until what it borrowed has run down below that.
    expect(h.scheduler.queuedShareOf('alone')).toBe(6);
    expect(h.scheduler.queuedShareOf('newcomer')).toBe(6);
    expect(h.submit('solo', 'alone', one)).toBe(false);
    expect(h.submit('next', 'newcomer', one)).toBe(true);
    // Once the newcomer holds nothing, the first tenant is alone again.
    const newcomerHolds = () => {
      const load = h.scheduler.tenantLoad('newcomer');
      return load.queued + load.running > 0;
    };
    for (let round = 0; round < 10 && newcomerHolds(); round++) await h.finishAll();
    expect(h.started.filter((e) => e === 'next')).toHaveLength(2);
    expect(newcomerHolds()).toBe(false);
    expect(h.scheduler.queuedShareOf('alone')).toBe(17);
    expect(h.submit('solo', 'alone', one)).toBe(true);
  });

  it('divides a lone tenant’s larger share between its endpoints by the same rule', () => {
    const h = harness({
      maxInFlight: 1,
      mailboxSize: 500,
      maxQueued: 2_000,
      tenantMaxQueued: 1_000,
    });
    const one = { concurrency: 1, ratePerSecond: null };
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 10; i++) h.submit(`busy-${i}`, 't1', one);
    }
    // Ten equally busy endpoints fill three quarters of 2,000 − 500 (one runs).
    expect(h.scheduler.tenantLoad('t1')).toEqual({ queued: 1_125, running: 1 });
    // The last quarter stays for an endpoint that holds nothing.
    expect(h.submit('healthy', 't1', one)).toBe(true);
  });

  it('refuses a tenant’s jobs once it holds tenantMaxHeldBytes, but always takes its first', () => {
    const h = harness({ maxInFlight: 1, tenantMaxHeldBytes: 1_000 });
    expect(h.submit('other', 'quiet', wide, { bytes: 10 })).toBe(true); // not alone
    expect(h.submit('big', 'noisy', wide, { bytes: 5_000 })).toBe(true);
    expect(h.submit('big', 'noisy', wide, { bytes: 10 })).toBe(false);
    expect(h.submit('small', 'quiet', wide, { bytes: 10 })).toBe(true);
  });

  it('lets a lone tenant hold the replica’s bytes less half a byte share, and no more once another tenant has work', () => {
    const h = harness({ maxInFlight: 1, maxHeldBytes: 10_000, tenantMaxHeldBytes: 2_000 });
    let accepted = 0;
    for (let i = 0; i < 20; i++) {
      if (h.submit(`e${i % 4}`, 'lone', wide, { bytes: 1_000 })) accepted += 1;
    }
    // 10,000 less half of 2,000, not the tenant's 2,000.
    expect(accepted).toBe(9);
    expect(h.scheduler.heldBytes).toBe(9_000);
    expect(h.scheduler.heldBytesShareOf('lone')).toBe(9_000);
    // The next tenant finds room; the first is then back to its own share.
    expect(h.submit('q', 'quiet', wide, { bytes: 500 })).toBe(true);
    expect(h.scheduler.heldBytesShareOf('lone')).toBe(2_000);
    expect(h.submit('e0', 'lone', wide, { bytes: 10 })).toBe(false);
  });

  it('keeps room in a tenant’s in-flight share for its healthy endpoint while ten others hang', () => {
    const h = harness({ tenantMaxInFlight: 100 });
    const tenConcurrent = { concurrency: 10, ratePerSecond: null };
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 12; j++) h.submit(`hang-${i}`, 't1', tenConcurrent);
    }
    // The first six fill their concurrency while the others hold at most half
    // the share (60); the last four get their guaranteed five each: 80, not 100.
    expect(h.scheduler.tenantLoad('t1').running).toBe(80);
    for (let j = 0; j < 10; j++) expect(h.submit('healthy', 't1', tenConcurrent)).toBe(true);
    // The healthy endpoint starts its guaranteed five at once, the rest wait in its mailbox.
    expect(h.started.filter((e) => e === 'healthy')).toHaveLength(5);
    expect(h.scheduler.tenantLoad('t1').running).toBeLessThanOrEqual(100);
  });

  it('refuses a crowding endpoint’s jobs before the tenant’s queued share is full, and names it', () => {
    const h = harness({ maxInFlight: 1, tenantMaxQueued: 100 });
    const one = { concurrency: 1, ratePerSecond: null };
    expect(h.submit('blocker', 'other', one)).toBe(true); // takes the replica's only slot
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) h.submit(`hang-${i}`, 't1', one);
    }
    const queued = h.scheduler.tenantLoad('t1').queued;
    expect(queued).toBeLessThan(100);
    expect(h.scheduler.tenantFull('t1')).toBe(false);
    expect(h.scheduler.tenantFull('t1', 'hang-0')).toBe(true);
    expect(h.scheduler.crowdingEndpoints('t1')).toContain('hang-0');
    // An endpoint of the tenant holding nothing is still accepted.
    expect(h.scheduler.tenantFull('t1', 'healthy')).toBe(false);
    expect(h.submit('healthy', 't1', one)).toBe(true);
    expect(h.scheduler.crowdingEndpoints('t1')).not.toContain('healthy');
    // Every endpoint with a job waiting, crowding or not; none of another tenant.
    expect(h.scheduler.endpointsQueuing('t1').sort()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `hang-${i}`), 'healthy'].sort(),
    );
    expect(h.scheduler.endpointsQueuing('nobody')).toEqual([]);
  });

  it('lets ten equally busy endpoints of a tenant fill three quarters of its queued share', () => {
    const h = harness({ maxInFlight: 1, tenantMaxQueued: 1_000 });
    const one = { concurrency: 1, ratePerSecond: null };
    expect(h.submit('blocker', 'other', one)).toBe(true); // takes the replica's only slot
    // The tasks arrive round robin, as a steady load spreads them.
    let accepted = 0;
    for (let round = 0; round < 150; round++) {
      for (let i = 0; i < 10; i++) if (h.submit(`busy-${i}`, 't1', one)) accepted += 1;
    }
    // Each gets its equal part of the 750 (before: about 56 each, 560 in all).
    expect(accepted).toBe(750);
    for (let i = 0; i < 10; i++) expect(h.scheduler.queuedFor(`busy-${i}`)).toBe(75);
    // The last quarter stays for an endpoint that holds nothing.
    expect(h.submit('healthy', 't1', one)).toBe(true);
  });

  it('forgets a tenant once nothing of it is held', async () => {
    const h = harness({ tenantMaxQueued: 1 });
    h.submit('a', 'gone', wide);
    await h.finishAll();
    expect(h.scheduler.tenantLoad('gone')).toEqual({ queued: 0, running: 0 });
    expect(h.scheduler.heldBytes).toBe(0);
  });
});
