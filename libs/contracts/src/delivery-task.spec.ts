import { describe, expect, it } from '@jest/globals';
import {
  deliveryMessageSchema,
  deliveryTaskId,
  isDeliveryBatch,
  taskCount,
  tasksOf,
  type DeliveryGroup,
  type DeliveryTask,
} from './delivery-task.js';

/** Every field of a task but its endpoint. */
const fields = {
  messageId: 'msg_1',
  tenantId: 'ten_1',
  eventType: 'order.paid',
  channel: null,
  payload: '{"total":12}',
  createdAt: '2026-12-04T00:00:00.000Z',
  attempt: 1,
  notBefore: null,
  replayId: null,
};
const group: DeliveryGroup = { ...fields, endpointIds: ['ep_a', 'ep_b'] };
const single: DeliveryTask = { ...fields, endpointId: 'ep_c' };

describe('deliver.v1 messages', () => {
  it("reads a batch of groups and single tasks as one task per endpoint, the group's payload shared", () => {
    const wire = JSON.parse(JSON.stringify({ tasks: [single], groups: [group] })) as unknown;
    const message = deliveryMessageSchema.parse(wire);
    expect(isDeliveryBatch(message)).toBe(true);
    expect(taskCount(message)).toBe(3);
    const tasks = tasksOf(message);
    expect(tasks.map((t) => deliveryTaskId(t))).toEqual([
      'msg_1:ep_c:1',
      'msg_1:ep_a:1',
      'msg_1:ep_b:1',
    ]);
    expect(tasks[1]).toEqual({ ...single, endpointId: 'ep_a' });
    expect(tasks[1]!.payload).toBe(tasks[2]!.payload);
  });

  it('still reads a single task, and the one-object-per-task batch written before groups', () => {
    const alone = deliveryMessageSchema.parse(JSON.parse(JSON.stringify(single)));
    expect(isDeliveryBatch(alone)).toBe(false);
    expect(tasksOf(alone)).toEqual([single]);
    const before = deliveryMessageSchema.parse({ tasks: [single, { ...single, endpointId: 'x' }] });
    expect(taskCount(before)).toBe(2);
  });

  it('refuses an empty batch, and a group without endpoints, naming the field', () => {
    const empty = deliveryMessageSchema.safeParse({ groups: [] });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe('a batch holds at least one task');
    const noEndpoints = deliveryMessageSchema.safeParse({
      groups: [{ ...group, endpointIds: [] }],
    });
    expect(noEndpoints.success).toBe(false);
    expect(noEndpoints.error?.issues[0]?.path).toEqual(['groups', 0, 'endpointIds']);
  });
});
