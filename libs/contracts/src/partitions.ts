/**
 * Health partitions. The topics the health-monitor counts per endpoint
 * (`attempt.v1`, `deferral.v1`) carry the endpoint's partition in their
 * subject, `<ns>.<topic>.<partition>.<endpointId>`, so that health-monitor
 * replicas can split the endpoints between them: each replica consumes the
 * partitions it holds a lease on, and one endpoint's attempts all reach the
 * same replica.
 *
 * The count is fixed: changing it moves endpoints between partitions, which
 * needs the upgrade procedure in docs/deploy.md (drain the streams first).
 */
export const HEALTH_PARTITIONS = 16;

/** Topics whose subjects carry the endpoint's health partition. */
export const PARTITIONED_TOPICS = ['attempt.v1', 'deferral.v1'] as const;
export type PartitionedTopic = (typeof PARTITIONED_TOPICS)[number];

export function isPartitionedTopic(topic: string): topic is PartitionedTopic {
  return (PARTITIONED_TOPICS as readonly string[]).includes(topic);
}

const encoder = new TextEncoder();

/** The endpoint's partition, 0 … HEALTH_PARTITIONS − 1: FNV-1a of its id's UTF-8 bytes. */
export function partitionOf(endpointId: string): number {
  // An ASCII id is its own UTF-8 bytes: hashed from its char codes, nothing encoded.
  const bytes = NOT_ASCII.test(endpointId) ? encoder.encode(endpointId) : null;
  const length = bytes?.length ?? endpointId.length;
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i += 1) {
    hash ^= bytes ? bytes[i]! : endpointId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % HEALTH_PARTITIONS;
}

/** Anything outside ASCII: such an id is hashed from its encoded bytes. */
const NOT_ASCII = /[^\p{ASCII}]/u;

/** Every partition number, ascending. */
export function allPartitions(): number[] {
  return Array.from({ length: HEALTH_PARTITIONS }, (_, p) => p);
}
