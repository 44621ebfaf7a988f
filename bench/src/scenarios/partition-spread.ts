import { partitionOf } from '@herald/contracts';

/**
 * Picks the endpoint of the `i`-th synthetic attempt so that every health
 * partition holding at least one of `endpoints` gets the same share of the
 * attempts, taking its endpoints in turn. Endpoint ids are random, so a small
 * set falls unevenly over the partitions (10 ids over 16 partitions left one
 * replica 7 of them and the other 3): the partition, not the endpoint, is the
 * unit replicas share work by, and a production deployment's many endpoints
 * fill the partitions about evenly.
 */
export interface PartitionSpread<T> {
  /** The endpoint of the `i`-th attempt. */
  pick(i: number): T;
  /** The partitions that get attempts, ascending. */
  partitions: number[];
}

export function spreadOverPartitions<T extends { id: string }>(
  endpoints: readonly T[],
): PartitionSpread<T> {
  const byPartition = new Map<number, T[]>();
  for (const endpoint of endpoints) {
    const partition = partitionOf(endpoint.id);
    const list = byPartition.get(partition);
    if (list) list.push(endpoint);
    else byPartition.set(partition, [endpoint]);
  }
  const partitions = [...byPartition.keys()].sort((a, b) => a - b);
  if (partitions.length === 0) throw new Error('no endpoints to spread attempts over');
  return {
    partitions,
    pick(i: number): T {
      const partition = partitions[i % partitions.length]!;
      const list = byPartition.get(partition)!;
      return list[Math.floor(i / partitions.length) % list.length]!;
    },
  };
}
