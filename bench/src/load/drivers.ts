import { monotonicMs, sleep } from '../lifecycle/clock.js';
import type { ReceiverClient } from '../receiver/receiver-client.js';
import type { FlowPublisher } from './publisher.js';

/**
 * Load shapes. `openLoop` publishes at a fixed rate whatever happens
 * downstream (latency at a given load); `closedLoop` keeps a bounded number of
 * deliveries outstanding so the system under test is saturated but its
 * backlog stays small (throughput). Both stop on `signal`.
 */
export interface Stop {
  stopped: boolean;
}

/**
 * Publishes `rate` messages per second for `durationMs`, spreading them evenly.
 * If `backlog` (deliveries published but not yet received) grows beyond
 * `maxBacklog` (checked every 250 ms and at the end), the system is not
 * keeping up with the rate: publishing stops early and the result says the
 * rate was not sustained — latency past that
 * point measures queue growth, and waiting for it would only lengthen the run.
 */
export async function openLoop(
  publisher: FlowPublisher,
  rate: number,
  durationMs: number,
  stop: Stop,
  guard?: { backlog: () => Promise<number>; maxBacklog: number },
): Promise<{ startedAt: number; endedAt: number; sustained: boolean }> {
  const startedAt = monotonicMs();
  const pending = new Set<Promise<void>>();
  let published = 0;
  let failure: unknown = null;
  let sustained = true;
  let nextCheck = startedAt + 250;
  const total = Math.round((rate * durationMs) / 1000);
  while (published < total && !stop.stopped && failure === null) {
    const due = Math.min(total, Math.floor(((monotonicMs() - startedAt) * rate) / 1000) + 1);
    while (published < due) {
      published += 1;
      const sent = publisher.next().catch((error: unknown) => {
        failure = error;
      });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    }
    // Publishing never waits for acknowledgements, unless they pile up (a stuck server).
    if (pending.size > 5_000) await Promise.race(pending);
    if (guard && monotonicMs() >= nextCheck) {
      nextCheck = monotonicMs() + 250;
      if ((await guard.backlog()) > guard.maxBacklog) {
        sustained = false;
        break;
      }
    }
    const nextDue = startedAt + ((published + 1) * 1000) / rate;
    await sleep(Math.max(0, Math.min(5, nextDue - monotonicMs())));
  }
  await Promise.all(pending);
  if (failure !== null) throw failure as Error;
  // Publishing may end before the guard's next look: judge the backlog it left, too.
  if (sustained && guard && (await guard.backlog()) > guard.maxBacklog) sustained = false;
  return { startedAt, endedAt: monotonicMs(), sustained };
}

export interface ClosedLoopOptions {
  /** Flows whose deliveries count towards the outstanding bound (and are measured). */
  counted: FlowPublisher[];
  /** Flows published alongside, one message each per counted message, never awaited. */
  riders?: FlowPublisher[];
  receiver: ReceiverClient;
  maxOutstanding: number;
  durationMs: number;
  stop: Stop;
}

/** Keeps the counted flows' undelivered messages near `maxOutstanding` for `durationMs`. */
export async function closedLoop(
  options: ClosedLoopOptions,
): Promise<{ startedAt: number; endedAt: number }> {
  const startedAt = monotonicMs();
  const tags = options.counted.map((p) => p.flow.tag);
  const riders = options.riders ?? [];
  while (monotonicMs() - startedAt < options.durationMs && !options.stop.stopped) {
    const counts = await options.receiver.counts(tags);
    const received = tags.reduce((sum, tag) => sum + (counts[tag] ?? 0), 0);
    const expected = options.counted.reduce((sum, p) => sum + p.ledger.expectedDeliveries, 0);
    const room = options.maxOutstanding - (expected - received);
    if (room < options.maxOutstanding / 10) {
      await sleep(5);
      continue;
    }
    const rounds = Math.max(1, Math.floor(Math.min(room, 500) / options.counted.length));
    await Promise.all([
      ...options.counted.map((p) => p.burst(rounds)),
      ...riders.map((p) => p.burst(rounds)),
    ]);
  }
  return { startedAt, endedAt: monotonicMs() };
}

/**
 * Waits until the receiver has every delivery the publishers expect, or the
 * deadline passes, or nothing new arrived for `quietMs`. Returns how many
 * arrived (the caller's verification says what is missing).
 */
export async function drain(
  receiver: ReceiverClient,
  publishers: FlowPublisher[],
  options: { deadlineMs: number; quietMs: number; stop: Stop },
): Promise<{ complete: boolean; waitedMs: number }> {
  const began = monotonicMs();
  const tags = publishers.map((p) => p.flow.tag);
  const expected = publishers.reduce((sum, p) => sum + p.ledger.expectedDeliveries, 0);
  let last = -1;
  let lastChange = began;
  for (;;) {
    const counts = await receiver.counts(tags);
    const received = tags.reduce((sum, tag) => sum + (counts[tag] ?? 0), 0);
    const now = monotonicMs();
    if (received >= expected) return { complete: true, waitedMs: now - began };
    if (received !== last) {
      last = received;
      lastChange = now;
    }
    if (
      options.stop.stopped ||
      now - began > options.deadlineMs ||
      now - lastChange > options.quietMs
    ) {
      return { complete: false, waitedMs: now - began };
    }
    await sleep(20);
  }
}
