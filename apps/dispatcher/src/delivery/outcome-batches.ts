import { ATTEMPT_BATCH_TOKEN, partitionOf, type AttemptOutcome } from '@herald/contracts';
import { GroupCommit, type GroupCommitSettings, type GroupCommitSink } from '@herald/messaging';

/** The bounds of a batch and the publishes under way across partitions; the rest is fixed here. */
export type OutcomeBatchSettings = Pick<
  GroupCommitSettings<AttemptOutcome>,
  'maxBatch' | 'maxBatchBytes' | 'maxPublishing'
>;

/**
 * Where batches go: a lone outcome on its endpoint's subject, de-duplicated
 * by its attempt id; an `AttemptBatch` on `<ns>.attempt.v1.<partition>.batch`.
 */
export type OutcomeSink = GroupCommitSink<AttemptOutcome>;

/**
 * Attempt outcomes group-committed per health partition (ADR 0072): a busy
 * partition costs one JetStream message (one publish, one PubAck, one
 * consumer delivery and one ack in the health-monitor) per batch instead of
 * per attempt. Partition, not endpoint: a batch must reach the one replica
 * that holds the partition's windows. With `maxPublishing` the partitions
 * take turns, so a busy one gathers while the others publish (ADR 0121).
 * The caller acks its task only after `publish` resolved; the
 * health-monitor's attempt ids absorb outcomes repeated by a redelivery.
 */
export class OutcomeBatches extends GroupCommit<AttemptOutcome> {
  constructor(sink: OutcomeSink, settings: OutcomeBatchSettings) {
    super(sink, {
      ...settings,
      laneOf: (outcome) => partitionOf(outcome.endpointId),
      idOf: (outcome) => outcome.attemptId,
      field: 'outcomes',
      idPrefix: ATTEMPT_BATCH_TOKEN,
    });
  }
}
