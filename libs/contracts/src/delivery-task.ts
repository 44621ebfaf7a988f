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
 * The tasks of one event to several endpoints, written once: every field of
 * a task but `endpointId`, and the endpoints' ids. The payload, often the
 * largest part of a task, travels (and is decoded) once per group instead of
 * once per endpoint (ADR 0106).
 */
export const deliveryGroupSchema = deliveryTaskSchema.omit({ endpointId: true }).extend({
  endpointIds: z.array(z.string().min(1)).min(1),
});

export type DeliveryGroup = z.infer<typeof deliveryGroupSchema>;

/**
 * A batch of delivery tasks, published by ingest on `<ns>.deliver.v1.batch`:
 * tasks fanned out while the previous batch awaited its PubAck ride on the
 * next publish, so a busy ingest costs one JetStream message per batch (ADR
 * 0094). A lone task is still published alone, on its endpoint's subject.
 * Ingest writes its fan-outs as `groups` (ADR 0106); `tasks`, one object per
 * task, is the shape written before, still read.
 */
export const deliveryBatchSchema = z
  .object({
    tasks: z.array(deliveryTaskSchema).optional(),
    groups: z.array(deliveryGroupSchema).optional(),
  })
  .refine((batch) => (batch.tasks?.length ?? 0) + (batch.groups?.length ?? 0) > 0, {
    message: 'a batch holds at least one task',
  });

export type DeliveryBatch = z.infer<typeof deliveryBatchSchema>;

export type DeliveryMessage = DeliveryTask | DeliveryBatch;

/** The fields that make a `deliver.v1` message a batch. */
export const DELIVERY_BATCH_FIELDS = ['tasks', 'groups'] as const;

/** What a `deliver.v1` message carries: one task, or a batch (an object with `tasks` or `groups`). */
export const deliveryMessageSchema: z.ZodType<DeliveryMessage> = oneOrBatchSchema(
  DELIVERY_BATCH_FIELDS,
  deliveryBatchSchema,
  deliveryTaskSchema,
);

/** Whether a `deliver.v1` message is a batch. */
export function isDeliveryBatch(message: DeliveryMessage): message is DeliveryBatch {
  return !('endpointId' in message);
}

/**
 * The tasks of a `deliver.v1` message, in the order they were published: a
 * batch's `tasks`, then each group's tasks in the order of its endpoints.
 * The tasks of a group share its strings (its payload is not copied).
 */
export function tasksOf(message: DeliveryMessage): DeliveryTask[] {
  return [...eachTask(message)];
}

/** `tasksOf`, one task at a time: a group's task is built only when it is reached. */
export function* eachTask(message: DeliveryMessage): Generator<DeliveryTask> {
  if (!isDeliveryBatch(message)) {
    yield message;
    return;
  }
  if (message.tasks) yield* message.tasks;
  for (const group of message.groups ?? []) {
    for (const endpointId of group.endpointIds) yield taskOfGroup(group, endpointId);
  }
}

/** How many tasks a `deliver.v1` message holds. */
export function taskCount(message: DeliveryMessage): number {
  if (!isDeliveryBatch(message)) return 1;
  let count = message.tasks?.length ?? 0;
  for (const group of message.groups ?? []) count += group.endpointIds.length;
  return count;
}

/** One task of a group. */
export function taskOfGroup(group: DeliveryGroup, endpointId: string): DeliveryTask {
  return {
    messageId: group.messageId,
    tenantId: group.tenantId,
    endpointId,
    eventType: group.eventType,
    channel: group.channel,
    payload: group.payload,
    createdAt: group.createdAt,
    attempt: group.attempt,
    notBefore: group.notBefore,
    replayId: group.replayId,
  };
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
