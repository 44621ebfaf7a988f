import { z } from 'zod';

/**
 * `deliver.v1` — one message to deliver to one endpoint.
 * Producer: ingest (fan-out). Consumer: dispatcher.
 * JetStream de-duplication id: `deliveryTaskId(task)`.
 */
export const deliveryTaskSchema = z.object({
  messageId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  eventType: z.string().min(1),
  channel: z.string().nullable(),
  /** The producer's payload, exactly as received; it is the HTTP request body. */
  payload: z.string(),
  /** When ingest accepted the message (ISO 8601). */
  createdAt: z.string(),
  /** Attempt this task is for (1-based). A retry is a new task with `attempt + 1`. */
  attempt: z.number().int().positive().default(1),
  /** Earliest time the attempt may run (ISO 8601); null means now. */
  notBefore: z.string().nullable().default(null),
  /** Set when an operator replayed or resent the message: a fresh attempt chain. */
  replayId: z.string().nullable().default(null),
});

export type DeliveryTask = z.infer<typeof deliveryTaskSchema>;

type TaskKey = Pick<DeliveryTask, 'messageId' | 'endpointId' | 'attempt' | 'replayId'>;

/**
 * Id of one attempt of one delivery chain: `<messageId>:<endpointId>[:<replayId>]:<attempt>`.
 * It is the task's JetStream de-duplication id and the attempt's id in the log.
 */
export function deliveryTaskId(task: TaskKey): string {
  const chain = task.replayId === null ? '' : `:${task.replayId}`;
  return `${task.messageId}:${task.endpointId}${chain}:${task.attempt}`;
}
