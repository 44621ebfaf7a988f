import type { DeliveryTask } from '@herald/contracts';

/**
 * How large a delivery task of a message can get, so the fan-out never builds
 * one the NATS server refuses (its `max_payload`, read from the connection).
 * The body is the payload with the envelope applied, so a payload under
 * `HERALD_MAX_PAYLOAD_BYTES` can still make an oversized task when the
 * envelope is large, or when escaping the body as a JSON string inflates it
 * (each `"` or `\` doubles). Sized for the largest form a task takes later:
 * a retry or replay (with `notBefore` and a replay id). Pure.
 */
/** Room for the headers Herald adds to a task (`Nats-Msg-Id`, trace context). */
export const TASK_HEADER_ALLOWANCE = 1_024;

export function largestTaskBytes(
  message: Pick<DeliveryTask, 'messageId' | 'tenantId' | 'eventType' | 'channel' | 'createdAt'>,
  body: string,
): number {
  const task: DeliveryTask = {
    ...message,
    endpointId: '00000000-0000-0000-0000-000000000000',
    payload: body,
    attempt: 1_000_000,
    notBefore: message.createdAt,
    replayId: `rpl_${'0'.repeat(60)}`,
  };
  return Buffer.byteLength(JSON.stringify(task)) + TASK_HEADER_ALLOWANCE;
}

/**
 * A bound `largestTaskBytes` never exceeds, from string lengths alone: a
 * UTF-16 unit becomes at most 6 bytes of JSON (`\u001f`; non-ASCII takes 3),
 * plus the fixed fields. When it is under the limit the exact size need not
 * be computed (it costs a serialisation of the whole body).
 */
export function taskBytesBound(
  message: Pick<DeliveryTask, 'messageId' | 'tenantId' | 'eventType' | 'channel' | 'createdAt'>,
  body: string,
): number {
  const texts =
    body.length +
    message.messageId.length +
    message.tenantId.length +
    message.eventType.length +
    (message.channel?.length ?? 0) +
    2 * message.createdAt.length;
  return 6 * texts + 512 + TASK_HEADER_ALLOWANCE;
}

/** Why the message's tasks would be too large for the server, or null. */
export function taskSizeProblem(taskBytes: number, maxPayload: number): string | null {
  if (taskBytes <= maxPayload) return null;
  return (
    `the delivery task of this event would be ${taskBytes} bytes (payload and envelope), ` +
    `over the NATS server's max_payload of ${maxPayload} bytes`
  );
}
