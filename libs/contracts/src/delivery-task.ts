import { z } from 'zod';
import { oneOrBatchSchema } from './batch.js';

/**
 * `deliver.v1` — one message to deliver to one endpoint (alone, or in a `DeliveryBatch`).
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

/**
 * A batch of delivery tasks, published by ingest on `<ns>.deliver.v1.batch`:
 * tasks fanned out while the previous batch awaited its PubAck ride on the
 * next publish, so a busy ingest costs one JetStream message per batch (ADR
 * 0094). A lone task is still published alone, on its endpoint's subject.
 */
export const deliveryBatchSchema = z.object({
  tasks: z.array(deliveryTaskSchema).min(1),
});

export type DeliveryBatch = z.infer<typeof deliveryBatchSchema>;

export type DeliveryMessage = DeliveryTask | DeliveryBatch;

/** What a `deliver.v1` message carries: one task, or a batch (an object with `tasks`). */
export const deliveryMessageSchema: z.ZodType<DeliveryMessage> = oneOrBatchSchema(
  'tasks',
  deliveryBatchSchema,
  deliveryTaskSchema,
);

/** The tasks of a `deliver.v1` message, in the order they were published. */
export function tasksOf(message: DeliveryMessage): DeliveryTask[] {
  return 'tasks' in message ? message.tasks : [message];
}

type TaskKey = Pick<DeliveryTask, 'messageId' | 'endpointId' | 'attempt' | 'replayId'>;

/**
 * Id of one attempt of one delivery chain: `<messageId>:<endpointId>[:<replayId>]:<attempt>`.
 * It is the task's JetStream de-duplication id and the attempt's id in the log.
 */
export function deliveryTaskId(task: TaskKey): string {
  const chain = task.replayId === null ? '' : `:${task.replayId}`;
  return `${task.messageId}:${task.endpointId}${chain}:${task.attempt}`;
}
