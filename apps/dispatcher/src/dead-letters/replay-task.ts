import type { DeliveryTask } from '@herald/contracts';
import type { ReplayCandidate, ReplayJob } from './replay.store.js';

/**
 * The fresh delivery task a replay publishes for one dead letter: attempt 1,
 * due now, in a new chain named by the job id — so its attempts, its
 * JetStream de-duplication id and, should it die again, its dead letter are
 * all distinct from the original chain's.
 */
export function replayTask(
  job: Pick<ReplayJob, 'id' | 'tenantId'>,
  row: ReplayCandidate,
): DeliveryTask {
  return {
    messageId: row.message_id,
    tenantId: job.tenantId,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    channel: row.channel,
    payload: row.payload,
    createdAt: row.message_created_at.toISOString(),
    attempt: 1,
    notBefore: null,
    replayId: job.id,
  };
}
