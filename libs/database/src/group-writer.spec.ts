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
