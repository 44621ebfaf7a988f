import { describe, expect, it } from '@jest/globals';
import {
  largestTaskBytes,
  TASK_HEADER_ALLOWANCE,
  taskBytesBound,
  taskSizeProblem,
} from './task-size.js';

const message = {
  messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
  tenantId: '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d',
  eventType: 'message_created',
  channel: null,
  createdAt: '2026-12-02T15:00:00.000Z',
};

describe('delivery task size', () => {
  it('counts the body as the JSON string it becomes inside the task', () => {
    const plain = largestTaskBytes(message, 'x'.repeat(1_000));
    const quoted = largestTaskBytes(message, '"'.repeat(1_000));
    // Each quote is escaped: twice the bytes.
    expect(quoted - plain).toBe(1_000);
    expect(plain).toBeGreaterThan(1_000 + TASK_HEADER_ALLOWANCE);
  });

  it('refuses a task over the server limit and accepts one under it', () => {
    const bytes = largestTaskBytes(message, 'x'.repeat(10_000));
    expect(taskSizeProblem(bytes, bytes)).toBeNull();
    expect(taskSizeProblem(bytes, bytes - 1)).toMatch(/max_payload of \d+ bytes/);
  });

  it('bounds the exact size from above, whatever the body escapes to', () => {
    const bodies = [
      'x'.repeat(1_000),
      '"'.repeat(1_000),
      '\u0001'.repeat(1_000),
      'é'.repeat(1_000),
      '😀'.repeat(500),
      '\ud800'.repeat(1_000),
      '',
    ];
    for (const body of bodies) {
      for (const channel of [null, 'c'.repeat(200)]) {
        const m = { ...message, channel };
        expect(taskBytesBound(m, body)).toBeGreaterThanOrEqual(largestTaskBytes(m, body));
      }
    }
  });
});
