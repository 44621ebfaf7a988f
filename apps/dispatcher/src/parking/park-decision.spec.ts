import { describe, expect, it } from '@jest/globals';
import { parkingFor } from './park-decision.js';

const PARK_AFTER = 30_000;

describe('parkingFor', () => {
  it('always parks a disabled endpoint’s held task, until its hold expires', () => {
    const held = {
      action: 'defer',
      reason: 'endpoint_disabled',
      delayMs: 100,
      untilMs: 9_000,
    } as const;
    expect(parkingFor(held, PARK_AFTER)).toEqual({ reason: 'endpoint_disabled', dueAtMs: 9_000 });
  });

  it.each(['not_before', 'endpoint_paused'] as const)(
    'parks a %s wait only when it is longer than the threshold',
    (reason) => {
      const short = { action: 'defer', reason, delayMs: PARK_AFTER, untilMs: 1_000 } as const;
      const long = { action: 'defer', reason, delayMs: PARK_AFTER + 1, untilMs: 2_000 } as const;
      expect(parkingFor(short, PARK_AFTER)).toBeNull();
      expect(parkingFor(long, PARK_AFTER)).toEqual({ reason, dueAtMs: 2_000 });
    },
  );

  it.each(['breaker_open', 'endpoint_unknown', 'mailbox_full'] as const)(
    'keeps a %s wait in JetStream, however long',
    (reason) => {
      expect(parkingFor({ action: 'defer', reason, delayMs: 3_600_000 }, PARK_AFTER)).toBeNull();
    },
  );
});

describe('parkingFor deferred tasks', () => {
  const DEFERRED_AFTER = 2_000;

  it.each(['breaker_open', 'endpoint_paused'] as const)(
    'parks a %s wait longer than the short deferred threshold, so it does not pin the ack budget',
    (reason) => {
      const short = { action: 'defer', reason, delayMs: DEFERRED_AFTER, untilMs: 5_000 } as const;
      const long = {
        action: 'defer',
        reason,
        delayMs: DEFERRED_AFTER + 1,
        untilMs: 6_000,
      } as const;
      expect(parkingFor(short, PARK_AFTER, DEFERRED_AFTER)).toBeNull();
      expect(parkingFor(long, PARK_AFTER, DEFERRED_AFTER)).toEqual({ reason, dueAtMs: 6_000 });
    },
  );

  it('keeps a late retry on the longer threshold', () => {
    const retry = { action: 'defer', reason: 'not_before', delayMs: 10_000, untilMs: 9 } as const;
    expect(parkingFor(retry, PARK_AFTER, DEFERRED_AFTER)).toBeNull();
  });
});
