import { describe, expect, it } from '@jest/globals';
import type { AttemptOutcome } from '@herald/contracts';
import { anOutcome } from '../testing/outcomes.js';
import { DEFAULT_WINDOW_SETTINGS, EndpointWindow } from './endpoint-window.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const at = (minute: number, second = 0) => new Date(T0 + minute * 60_000 + second * 1_000);
let seq = 0;
const attempt = (minute: number, second: number, overrides: Partial<AttemptOutcome>) =>
  anOutcome({ attemptId: `att_${++seq}`, at: at(minute, second).toISOString(), ...overrides });
const ok = (minute: number, second: number, latencyMs: number) =>
  attempt(minute, second, { latencyMs });
const failed = (minute: number, second: number, overrides: Partial<AttemptOutcome> = {}) =>
  attempt(minute, second, {
    outcome: 'failure',
    reason: 'http_status',
    statusCode: 503,
    error: 'HTTP 503',
    latencyMs: 40,
    responseBody: 'busy',
    ...overrides,
  });

/**
 * One known sequence of attempts over two hours, checked figure by figure:
 * histogram buckets (successful / slow / error / rejected), totals, response
 * times over the last 30 minutes, latest errors and the state-window counts.
 */
describe('EndpointWindow against a known sequence of attempts', () => {
  const window = new EndpointWindow(DEFAULT_WINDOW_SETTINGS);
  const slowMs = 2_000;
  const now = at(120, 30).getTime(); // 12:00:30
  const sequence = [
    ok(0, 1, 100), // 10:00 — more than 30 min ago: counts, but not in response times
    ok(0, 2, 2_500), // slow
    failed(0, 3, { reason: 'timeout', statusCode: null, latencyMs: 15_000, responseBody: null }),
    ok(95, 0, 50), // 11:35 — 25 min before now: response times include it
    ok(95, 10, 2_000), // exactly the threshold: not slow
    failed(117, 0, { statusCode: 500, latencyMs: 900 }), // 11:57
    ok(118, 0, 10), // 11:58
    failed(120, 5, { statusCode: 502, latencyMs: 30 }), // 12:00
  ];
  for (const a of sequence) window.observe(a, slowMs, now);
  window.rejected(at(119, 0).getTime(), 4, now);
  window.rejected(at(119, 30).getTime(), 1, now);

  const figures = window.figures(now);

  it('buckets every attempt by minute into disjoint categories', () => {
    expect(figures.buckets).toEqual([
      { start: at(0).getTime(), successful: 1, slow: 1, error: 1, rejected: 0 },
      { start: at(95).getTime(), successful: 2, slow: 0, error: 0, rejected: 0 },
      { start: at(117).getTime(), successful: 0, slow: 0, error: 1, rejected: 0 },
      { start: at(118).getTime(), successful: 1, slow: 0, error: 0, rejected: 0 },
      { start: at(119).getTime(), successful: 0, slow: 0, error: 0, rejected: 5 },
      { start: at(120).getTime(), successful: 0, slow: 0, error: 1, rejected: 0 },
    ]);
    expect(figures.totals).toEqual({ successful: 4, slow: 1, error: 3, rejected: 5 });
  });

  it('computes fastest / average / slowest of HTTP answers in the last 30 minutes', () => {
    // 11:35 50 ms, 11:35 2000 ms, 11:57 900 ms (HTTP 500), 11:58 10 ms, 12:00 30 ms (HTTP 502)
    expect(figures.responseTimes).toEqual({
      responses: 5,
      fastestMs: 10,
      averageMs: 598,
      slowestMs: 2_000,
    });
  });

  it('lists the latest errors newest first, a timeout without a status', () => {
    expect(figures.latestErrors.map((e) => [e.at, e.statusCode, e.reason, e.latencyMs])).toEqual([
      ['2026-11-22T12:00:05.000Z', 502, 'http_status', 30],
      ['2026-11-22T11:57:00.000Z', 500, 'http_status', 900],
      ['2026-11-22T10:00:03.000Z', null, 'timeout', 15_000],
    ]);
    expect(figures.lastAttemptAt).toBe(at(120, 5).getTime());
  });

  it('counts the state window (last 5 minutes) separately', () => {
    expect(window.recent(now, 5)).toEqual({ successful: 1, slow: 0, error: 2, rejected: 5 });
  });

  it('ignores an attempt older than 24 h and forgets everything 24 h after the last one', () => {
    const fresh = new EndpointWindow(DEFAULT_WINDOW_SETTINGS);
    fresh.observe(ok(0, 0, 10), slowMs, at(1_440, 0).getTime());
    expect(fresh.figures(at(1_440, 0).getTime()).totals.successful).toBe(0);
    expect(window.prune(at(121 + 1_440).getTime())).toBe(true);
  });
});

describe('EndpointWindow response times and latest errors, made when first needed', () => {
  it('has none before the first response or failure, and fills them again after they left', () => {
    const window = new EndpointWindow(DEFAULT_WINDOW_SETTINGS);
    const timeout = { reason: 'timeout', statusCode: null, responseBody: null } as const;
    window.observe(failed(0, 1, timeout), 2_000, at(0, 30).getTime());
    expect(window.figures(at(0, 30).getTime())).toMatchObject({
      responseTimes: { responses: 0, fastestMs: null, averageMs: null, slowestMs: null },
      latestErrors: [{ reason: 'timeout' }],
    });
    window.observe(ok(1, 0, 30), 2_000, at(1, 10).getTime());
    // 40 minutes later: no response times left, the failure still within 24 h.
    expect(window.prune(at(41).getTime())).toBe(false);
    expect(window.figures(at(41).getTime()).responseTimes.responses).toBe(0);
    window.observe(ok(41, 5, 12), 2_000, at(41, 10).getTime());
    expect(window.figures(at(41, 10).getTime()).responseTimes).toEqual({
      responses: 1,
      fastestMs: 12,
      averageMs: 12,
      slowestMs: 12,
    });
    expect(window.prune(at(1_481).getTime())).toBe(true);
    expect(window.figures(at(1_481).getTime()).latestErrors).toEqual([]);
    window.observe(failed(1_481, 2), 2_000, at(1_481, 5).getTime());
    expect(window.figures(at(1_481, 5).getTime()).latestErrors.map((e) => e.statusCode)).toEqual([
      503,
    ]);
  });
});
