import { describe, expect, it } from '@jest/globals';
import type { BreakerState } from '@herald/contracts';
import { BreakerStates } from './breaker-states.js';

const change = (endpointId: string, replica: string, state: BreakerState['state']) => ({
  endpointId,
  tenantId: 'ten_1',
  replica,
  state,
  at: '2026-11-22T10:00:00.000Z',
});

describe('BreakerStates', () => {
  it('summarises an endpoint as the worst state of its replicas', () => {
    const states = new BreakerStates(60_000);
    states.apply(change('ep_1', 'a', 'half_open'), 0);
    expect(states.summary('ep_1', 0)).toBe('half_open');
    states.apply(change('ep_1', 'b', 'open'), 0);
    expect(states.summary('ep_1', 0)).toBe('open');
    states.apply(change('ep_1', 'b', 'closed'), 1);
    expect(states.summary('ep_1', 1)).toBe('half_open');
    states.apply(change('ep_1', 'a', 'closed'), 2);
    expect(states.summary('ep_1', 2)).toBe('closed');
    expect(states.notClosed(2)).toEqual([]);
  });

  it('forgets a replica not heard of for the ttl (it may be gone)', () => {
    const states = new BreakerStates(60_000);
    states.apply(change('ep_1', 'a', 'open'), 0);
    expect(states.notClosed(59_999)).toEqual([['ep_1', 'open']]);
    expect(states.summary('ep_1', 60_000)).toBe('closed');
    expect(states.notClosed(60_000)).toEqual([]);
  });
});
