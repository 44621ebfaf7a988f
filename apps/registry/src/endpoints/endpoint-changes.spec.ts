import { describe, expect, it } from '@jest/globals';
import { settingColumns, statusAfter, type EndpointStatus } from './endpoint-changes.js';

const now = new Date('2026-11-22T10:00:00Z');
const earlier = new Date('2026-11-21T08:00:00Z');
const enabled: EndpointStatus = { enabled: true, disabledReason: null, disabledAt: null };
const gone: EndpointStatus = {
  enabled: false,
  disabledReason: 'endpoint_gone',
  disabledAt: earlier,
};

describe('statusAfter', () => {
  it('records an operator disable with the time', () => {
    expect(statusAfter(enabled, false, now)).toEqual({
      enabled: false,
      disabledReason: 'operator',
      disabledAt: now,
    });
    expect(statusAfter(null, false, now).disabledReason).toBe('operator');
  });

  it('keeps the first reason and time when the endpoint is already disabled', () => {
    expect(statusAfter(gone, false, now)).toEqual(gone);
  });

  it('clears reason and time on enable', () => {
    expect(statusAfter(gone, true, now)).toEqual(enabled);
    expect(statusAfter(null, true, now)).toEqual(enabled);
  });
});

describe('settingColumns', () => {
  it('renames the delivery settings to their columns and drops absent fields', () => {
    expect(
      settingColumns({ rateLimit: 2.5, retrySchedule: [5000, 60000], concurrency: 3 }),
    ).toEqual({ rateLimitPerSecond: 2.5, retryScheduleMs: [5000, 60000], concurrency: 3 });
    expect(settingColumns({})).toEqual({});
  });

  it('keeps null (reset to the default) and leaves the status out', () => {
    expect(
      settingColumns({ rateLimit: null, retrySchedule: null, concurrency: null, enabled: false }),
    ).toEqual({ rateLimitPerSecond: null, retryScheduleMs: null, concurrency: null });
  });

  it('keeps an empty retry schedule (no retries), which is not the default', () => {
    expect(settingColumns({ retrySchedule: [] })).toEqual({ retryScheduleMs: [] });
  });
});
