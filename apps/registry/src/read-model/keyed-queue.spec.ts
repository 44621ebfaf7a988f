import { describe, expect, it } from '@jest/globals';
import { KeyedQueue } from './keyed-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedQueue', () => {
  it('runs tasks of one key in call order, one at a time', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run('k', async () => {
      await gate.promise;
      order.push('first');
    });
    const second = queue.run('k', () => {
      order.push('second');
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('runs different keys concurrently', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const blocked = queue.run('a', () => gate.promise);
    let ran = false;
    await queue.run('b', () => {
      ran = true;
      return Promise.resolve();
    });
    expect(ran).toBe(true);
    gate.resolve();
    await blocked;
  });

  it('reports a failure to its caller without blocking the next task', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('k', () => Promise.reject(new Error('boom')));
    const next = queue.run('k', () => Promise.resolve());
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });

  it('forgets a key once its tasks are done', async () => {
    const queue = new KeyedQueue();
    await queue.run('k', () => Promise.resolve());
    await Promise.resolve();
    expect(queue.size).toBe(0);
  });
});
