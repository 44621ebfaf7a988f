import { describe, expect, it } from '@jest/globals';
import { partitionOf } from '@herald/contracts';
import { spreadOverPartitions } from './partition-spread.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `ep_${i.toString(36)}x` }));

describe('spreadOverPartitions', () => {
  it('gives every partition that holds an endpoint the same number of attempts', () => {
    const endpoints = ids(40);
    const spread = spreadOverPartitions(endpoints);
    const perPartition = new Map<number, number>();
    const rounds = 5;
    for (let i = 0; i < spread.partitions.length * rounds; i += 1) {
      const p = partitionOf(spread.pick(i).id);
      perPartition.set(p, (perPartition.get(p) ?? 0) + 1);
    }
    expect([...perPartition.keys()].sort((a, b) => a - b)).toEqual(spread.partitions);
    expect(new Set(perPartition.values())).toEqual(new Set([rounds]));
  });

  it("takes a partition's endpoints in turn", () => {
    const endpoints = ids(40);
    const spread = spreadOverPartitions(endpoints);
    const first = spread.partitions[0]!;
    const inFirst = endpoints.filter((e) => partitionOf(e.id) === first);
    const picked = Array.from(
      { length: inFirst.length },
      (_, round) => spread.pick(round * spread.partitions.length).id,
    );
    expect(new Set(picked)).toEqual(new Set(inFirst.map((e) => e.id)));
  });

  it('lists only the partitions some endpoint falls in', () => {
    const [only] = ids(1);
    const spread = spreadOverPartitions([only!]);
    expect(spread.partitions).toEqual([partitionOf(only!.id)]);
    expect(spread.pick(7)).toBe(only);
  });

  it('refuses an empty set', () => {
    expect(() => spreadOverPartitions([])).toThrow('no endpoints');
  });
});
