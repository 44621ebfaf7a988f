import { describe, expect, it } from '@jest/globals';
import { ByteBudget } from './semaphore.js';

/** Resolves to the order in which the given acquisitions completed, after pending callbacks ran. */
async function settled(...acquisitions: Promise<string>[]): Promise<string[]> {
  const done: string[] = [];
  for (const acquisition of acquisitions) void acquisition.then((name) => done.push(name));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ByteBudget', () => {
  it('lets messages through while their bytes fit, and the next once enough is released', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(60);
    await budget.acquire(40);
    expect(budget.inUse).toBe(100);
    const third = budget.acquire(30).then(() => 'third');
    expect(await settled(third)).toEqual([]);
    budget.release(20);
    expect(await settled(third)).toEqual([]);
    budget.release(20);
    expect(await settled(third)).toEqual(['third']);
    expect(budget.inUse).toBe(90);
  });

  it('serves waiters first come first served: a small one does not overtake a large one', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(90);
    const large = budget.acquire(50).then(() => 'large');
    const small = budget.acquire(5).then(() => 'small');
    expect(await settled(large, small)).toEqual([]);
    budget.release(90);
    expect(await settled(large, small)).toEqual(['large', 'small']);
    expect(budget.inUse).toBe(55);
  });

  it('lets a message larger than the whole budget through when nothing else is held', async () => {
    const budget = new ByteBudget(100);
    await budget.acquire(10);
    const huge = budget.acquire(500).then(() => 'huge');
    expect(await settled(huge)).toEqual([]);
    budget.release(10);
    expect(await settled(huge)).toEqual(['huge']);
    expect(budget.inUse).toBe(500);
  });
});
