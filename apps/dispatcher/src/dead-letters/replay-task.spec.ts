import { describe, expect, it } from '@jest/globals';
import { deliveryTaskId, deliveryTaskSchema } from '@herald/contracts';
import { replayTask } from './replay-task.js';

describe('replayTask', () => {
  const row = {
    id: '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d',
    endpoint_id: 'ep_1',
    message_id: 'msg_1',
    event_type: 'invoice.paid',
    channel: 'eu',
    payload: '{"b":1, "a":2}',
    message_created_at: new Date('2026-11-20T10:00:00.000Z'),
    dead_at_key: '2026-11-21T10:00:00.000000Z',
  };

  it('starts a fresh chain: attempt 1, due now, named by the job, payload untouched', () => {
    const task = replayTask({ id: 'rpl_x', tenantId: 'ten_1' }, row);
    expect(deliveryTaskSchema.parse(task)).toEqual(task);
    expect(task).toMatchObject({
      messageId: 'msg_1',
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      channel: 'eu',
      payload: '{"b":1, "a":2}',
      createdAt: '2026-11-20T10:00:00.000Z',
      attempt: 1,
      notBefore: null,
      replayId: 'rpl_x',
    });
    expect(deliveryTaskId(task)).toBe('msg_1:ep_1:rpl_x:1');
  });
});
