import { describe, expect, it } from '@jest/globals';
import type { DeliveryTask } from '@herald/contracts';
import { nak, type Disposition, type JetStreamContext } from '@herald/messaging';
import { SchedulerClosed } from '../actors/delivery-scheduler.js';
import {
  BatchRun,
  LoneDelivery,
  QueuedDelivery,
  type AttemptRunner,
  type BatchServices,
} from './queued-delivery.js';

const task = (id: string): DeliveryTask =>
  ({
    messageId: id,
    endpointId: `ep-${id}`,
    tenantId: 't1',
    payload: 'x'.repeat(7),
  }) as DeliveryTask;

/** An attempt runner whose attempts the test settles by hand. */
function runner() {
  const pending = new Map<
    string,
    { resolve(d: Disposition | void): void; reject(e: unknown): void }
  >();
  const value: AttemptRunner = {
    attempt: (t) => new Promise((resolve, reject) => pending.set(t.messageId, { resolve, reject })),
    shuttingDown: () => nak(0),
  };
  return { value, pending };
}

/** A batch's context and services that count what they were asked. */
function batchOf(count: number, failPublish = false) {
  const calls = { released: 0, turns: 0, published: [] as string[] };
  const ctx = { release: () => (calls.released += 1) } as unknown as JetStreamContext;
  const services: BatchServices = {
    turnFreed: () => (calls.turns += 1),
    publishAlone: (t) => {
      calls.published.push(t.messageId);
      return failPublish ? Promise.reject(new Error('nats down')) : Promise.resolve();
    },
  };
  let done = false;
  const run = new BatchRun(ctx, count, services);
  void run.done.then(
    () => (done = true),
    () => undefined,
  );
  return { run, calls, isDone: () => done };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('QueuedDelivery', () => {
  it('counts its payload bytes and reports its attempt’s disposition to its owner', async () => {
    const { value, pending } = runner();
    const lone = new LoneDelivery();
    const delivery = new QueuedDelivery(task('a'), value, lone);
    expect(delivery.bytes).toBe(7);
    const started = delivery.start();
    pending.get('a')!.resolve({ action: 'ack' });
    await started;
    await expect(lone.result).resolves.toEqual({ action: 'ack' });
  });

  it('passes an attempt’s error to its owner', async () => {
    const { value, pending } = runner();
    const lone = new LoneDelivery();
    const started = new QueuedDelivery(task('a'), value, lone).start();
    pending.get('a')!.reject(new Error('boom'));
    await started;
    await expect(lone.result).rejects.toThrow('boom');
  });

  it('hands a task back as the runner’s shutdown disposition when the scheduler closes', async () => {
    const lone = new LoneDelivery();
    new QueuedDelivery(task('a'), runner().value, lone).cancel(new SchedulerClosed());
    await expect(lone.result).resolves.toEqual(nak(0));
  });

  it('settles and frees its slot once, however often it is told', () => {
    const { run, calls } = batchOf(2);
    const delivery = new QueuedDelivery(task('a'), runner().value, run);
    delivery.release();
    delivery.settle({ disposition: undefined });
    delivery.settle({ error: new Error('late') });
    delivery.release();
    expect(calls.turns).toBe(1);
    expect(calls.published).toEqual([]);
  });
});

describe('BatchRun', () => {
  it('frees the batch’s slot once every task freed its own, and is done once every task is', async () => {
    const { run, calls, isDone } = batchOf(3);
    const deliveries = ['a', 'b', 'c'].map(
      (id) => new QueuedDelivery(task(id), runner().value, run),
    );
    deliveries[0]!.release();
    deliveries[1]!.release();
    expect(calls.released).toBe(0);
    deliveries[2]!.release();
    expect(calls.released).toBe(1);
    expect(calls.turns).toBe(3);
    deliveries[0]!.settle({ disposition: undefined });
    deliveries[1]!.settle({ disposition: { action: 'term', reason: 'gone' } });
    await flush();
    expect(isDone()).toBe(false);
    deliveries[2]!.settle({ disposition: undefined });
    await flush();
    expect(isDone()).toBe(true);
  });

  it('publishes alone each task put back or failed before it counts it done', async () => {
    const { run, calls, isDone } = batchOf(2);
    new QueuedDelivery(task('a'), runner().value, run).settle({ disposition: nak(500) });
    new QueuedDelivery(task('b'), runner().value, run).settle({ error: new Error('boom') });
    await flush();
    expect(calls.published).toEqual(['a', 'b']);
    expect(isDone()).toBe(true);
  });

  it('fails when a task cannot be published again, so the batch is redelivered', async () => {
    const { run } = batchOf(2, true);
    new QueuedDelivery(task('a'), runner().value, run).settle({ disposition: nak(0) });
    await expect(run.done).rejects.toThrow('nats down');
  });

  it('does not leave its failure unhandled while the batch’s handler has yet to await it', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ctx = { release: () => undefined } as unknown as JetStreamContext;
      const run = new BatchRun(ctx, 1, {
        turnFreed: () => undefined,
        publishAlone: () => Promise.reject(new Error('nats down')),
      });
      new QueuedDelivery(task('a'), runner().value, run).settle({ error: new Error('boom') });
      await flush();
      await flush();
      expect(unhandled).toEqual([]);
      await expect(run.done).rejects.toThrow('nats down');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('is done at once, its slot free, when the batch holds no task', async () => {
    const { run, calls } = batchOf(0);
    await expect(run.done).resolves.toBeUndefined();
    expect(calls.released).toBe(1);
  });
});
