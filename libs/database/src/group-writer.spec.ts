import { describe, expect, it } from '@jest/globals';
import { GroupWriter } from './group-writer.js';

/** A writer whose writes the test completes by hand, recording each batch. */
function setup(settings = { maxBatch: 3, maxConcurrentWrites: 1 }) {
  const batches: number[][] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const writer = new GroupWriter<number, number>(
    (items) =>
      new Promise((resolve, reject) => {
        batches.push(items);
        pending.push({ resolve: () => resolve(items.map((i) => i * 10)), reject });
      }),
    settings,
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return { writer, batches, pending, turn };
}

describe('GroupWriter', () => {
  it('writes a lone item at once, in the next turn of the event loop', async () => {
    const { writer, batches, pending, turn } = setup();
    const result = writer.submit(1);
    await turn();
    expect(batches).toEqual([[1]]);
    pending[0]!.resolve();
    await expect(result).resolves.toBe(10);
  });

  it('gathers what arrives while a write is under way into the next write, up to maxBatch', async () => {
    const { writer, batches, pending, turn } = setup();
    const results = [writer.submit(1)];
    await turn();
    for (const i of [2, 3, 4, 5]) results.push(writer.submit(i));
    await turn();
    expect(batches).toEqual([[1]]); // one write at a time
    pending[0]!.resolve();
    await turn();
    await turn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    pending[1]!.resolve();
    await turn();
    await turn();
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
    pending[2]!.resolve();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
    await writer.drained();
  });

  it('rejects exactly the items of a failed write', async () => {
    const { writer, pending, turn } = setup();
    const failed = writer.submit(1);
    failed.catch(() => undefined);
    await turn();
    const later = writer.submit(2);
    pending[0]!.reject(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await turn();
    await turn();
    pending[1]!.resolve();
    await expect(later).resolves.toBe(20);
  });

  it('runs up to maxConcurrentWrites writes at once', async () => {
    const { writer, batches, turn } = setup({ maxBatch: 1, maxConcurrentWrites: 2 });
    for (const i of [1, 2, 3]) void writer.submit(i).catch(() => undefined);
    await turn();
    expect(batches).toEqual([[1], [2]]);
  });

  it('with lingerMs, holds a lone item for companions but writes a full batch at once', async () => {
    const batches: number[][] = [];
    const writer = new GroupWriter<number, number>(
      (items) => {
        batches.push(items);
        return Promise.resolve(items);
      },
      { maxBatch: 2, lingerMs: 60_000 },
    );
    const lone = writer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([]); // still lingering
    const second = writer.submit(2); // the batch is full: written now
    await expect(Promise.all([lone, second])).resolves.toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
    const third = writer.submit(3);
    await writer.flushNow(); // shutdown: no lingering
    await expect(third).resolves.toBe(3);
    expect(batches).toEqual([[1, 2], [3]]);
  });
});

describe('GroupWriter splitting a failed write', () => {
  /** Writes fail while they contain a negative item; records every write. */
  function picky(splitOn?: (error: unknown) => boolean) {
    const batches: number[][] = [];
    const writer = new GroupWriter<number, number>(
      (items) => {
        batches.push(items);
        if (items.some((i) => i < 0))
          return Promise.reject(new Error(`bad item in ${items.join(',')}`));
        return Promise.resolve(items.map((i) => i * 10));
      },
      { maxBatch: 8, ...(splitOn ? { splitOn } : {}) },
    );
    return { writer, batches };
  }

  it('isolates the one bad item: the others are written, only it is rejected', async () => {
    const { writer, batches } = picky();
    const items = [1, 2, 3, -4, 5, 6, 7, 8];
    const settled = await Promise.allSettled(items.map((i) => writer.submit(i)));
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toEqual(new Error('bad item in -4'));
    expect((settled[0] as PromiseFulfilledResult<number>).value).toBe(10);
    expect(batches[0]).toEqual(items);
    // Halving: [1..8] → [1..4] → [1,2] ok, [3,-4] → [3] ok, [-4] fails; [5..8] ok.
    expect(batches).toEqual([items, [1, 2, 3, -4], [1, 2], [3, -4], [3], [-4], [5, 6, 7, 8]]);
  });

  it('does not split an outage: every item of the write is rejected with it, in one write', async () => {
    const batches: number[][] = [];
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const writer = new GroupWriter<number, number>(
      (items) => {
        batches.push(items);
        return Promise.reject(outage);
      },
      { maxBatch: 8 },
    );
    const settled = await Promise.allSettled([1, 2, 3].map((i) => writer.submit(i)));
    expect(settled.every((s) => s.status === 'rejected' && s.reason === outage)).toBe(true);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('follows its own splitOn when given', async () => {
    const { writer, batches } = picky(() => false);
    const settled = await Promise.allSettled([1, -2].map((i) => writer.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(batches).toEqual([[1, -2]]);
  });
});
