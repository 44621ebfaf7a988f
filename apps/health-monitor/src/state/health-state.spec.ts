import { describe, expect, it } from '@jest/globals';
import { DEFAULT_STATE_SETTINGS } from '../settings.js';
import { healthState, type StateInput } from './health-state.js';

const now = Date.parse('2026-11-22T10:00:00.000Z');
const base: StateInput = {
  enabled: true,
  pausedUntil: null,
  now,
  consecutiveFailures: 0,
  recent: { successful: 0, slow: 0, error: 0, rejected: 0 },
  breaker: 'closed',
};
const state = (input: Partial<StateInput>) =>
  healthState({ ...base, ...input }, DEFAULT_STATE_SETTINGS);
const recent = (successful: number, slow: number, error: number, rejected = 0) => ({
  successful,
  slow,
  error,
  rejected,
});

describe('healthState', () => {
  it('is healthy without traffic and with good traffic', () => {
    expect(state({})).toEqual({ state: 'healthy', reason: '0 attempts in the last 5 min' });
    expect(state({ recent: recent(95, 4, 0) }).state).toBe('healthy');
    // Just under every degraded ratio.
    expect(state({ recent: recent(70, 24, 9) }).state).toBe('healthy');
  });

  it('is degraded by errors, slowness, rejections, the latest failure or a probing breaker', () => {
    expect(state({ recent: recent(90, 0, 10) })).toEqual({
      state: 'degraded',
      reason: '10% of 100 attempts failed in the last 5 min',
    });
    expect(state({ recent: recent(75, 25, 0) })).toEqual({
      state: 'degraded',
      reason: '25% of 100 attempts were slow in the last 5 min',
    });
    expect(state({ recent: recent(10, 0, 0, 3) }).reason).toBe(
      '3 deliveries rejected (breaker open or paused) in the last 5 min',
    );
    expect(state({ consecutiveFailures: 1, recent: recent(99, 0, 1) })).toEqual({
      state: 'degraded',
      reason: 'the latest attempt failed',
    });
    expect(state({ breaker: 'half_open' }).state).toBe('degraded');
  });

  it('is failing on a streak, an open breaker, or mostly failed attempts', () => {
    expect(state({ consecutiveFailures: 4 }).state).toBe('degraded');
    expect(state({ consecutiveFailures: 5 })).toEqual({
      state: 'failing',
      reason: 'the last 5 attempts failed',
    });
    expect(state({ breaker: 'open' }).state).toBe('failing');
    expect(state({ recent: recent(5, 0, 5) })).toEqual({
      state: 'failing',
      reason: '50% of 10 attempts failed in the last 5 min',
    });
    // Too few attempts to call it failing on the ratio alone.
    expect(state({ recent: recent(4, 0, 5) }).state).toBe('degraded');
  });

  it('is paused while a pause is in force, whatever the traffic', () => {
    const until = now + 60_000;
    expect(state({ pausedUntil: until, consecutiveFailures: 101 })).toEqual({
      state: 'paused',
      reason: 'paused until 2026-11-22T10:01:00.000Z',
    });
    expect(state({ pausedUntil: now, consecutiveFailures: 101 }).state).toBe('failing');
  });

  it('is disabled above everything else', () => {
    expect(state({ enabled: false, pausedUntil: now + 1, breaker: 'open' })).toEqual({
      state: 'disabled',
      reason: 'the endpoint is disabled',
    });
  });

  it('follows an endpoint through a whole incident', () => {
    const path = [
      state({ recent: recent(50, 0, 0) }),
      state({ consecutiveFailures: 1, recent: recent(50, 0, 1) }),
      state({ consecutiveFailures: 6, recent: recent(50, 0, 6) }),
      state({ consecutiveFailures: 101, pausedUntil: now + 600_000 }),
      state({ consecutiveFailures: 101, recent: recent(0, 0, 0, 40) }),
      state({ consecutiveFailures: 0, recent: recent(3, 0, 0, 40) }),
      state({ recent: recent(30, 0, 0) }),
    ].map((v) => v.state);
    expect(path).toEqual([
      'healthy',
      'degraded',
      'failing',
      'paused',
      'failing',
      'degraded',
      'healthy',
    ]);
  });
});
