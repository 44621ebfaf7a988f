import { describe, expect, it } from '@jest/globals';
import {
  BUDGET_DEFAULTS,
  describeHeapPlan,
  HEAP_SERVICES,
  heapFlags,
  heapPlan,
  LIVE_SHARE,
  SEMI_SPACE_MB,
  STARTUP_HEAP_MB,
} from './heap-budget.js';

const MiB = 1024 * 1024;

describe('heapPlan', () => {
  it('gives every service an old space that its live set fills to at most LIVE_SHARE', () => {
    for (const service of HEAP_SERVICES) {
      const plan = heapPlan(service, {});
      expect(plan.liveBytes).toBe(plan.terms.reduce((sum, term) => sum + term.bytes, 0));
      expect(plan.liveBytes).toBeGreaterThan(STARTUP_HEAP_MB[service] * MiB);
      expect(plan.liveBytes / (plan.oldSpaceMb * MiB)).toBeLessThanOrEqual(LIVE_SHARE);
      // Rounded up to the next 8 MB step, no further.
      expect(plan.oldSpaceMb % 8).toBe(0);
      expect((plan.oldSpaceMb - 8) * MiB * LIVE_SHARE).toBeLessThan(plan.liveBytes);
    }
  });

  it('sizes the defaults for 10,000 endpoints, every old space at most 256 MB', () => {
    for (const service of HEAP_SERVICES) {
      const plan = heapPlan(service, {});
      expect(plan.oldSpaceMb).toBeLessThanOrEqual(256);
    }
    expect(describeHeapPlan(heapPlan('ingest', {}))).toContain('HERALD_HEAP_ENDPOINTS=10000');
  });

  it("raises the dispatcher's limit with its payload budget, by twice the budget", () => {
    const base = heapPlan('dispatcher', {});
    const raised = heapPlan('dispatcher', {
      HERALD_DISPATCH_MAX_BYTES: String(BUDGET_DEFAULTS.HERALD_DISPATCH_MAX_BYTES + 48 * MiB),
    });
    expect(raised.liveBytes - base.liveBytes).toBe(96 * MiB);
    expect(raised.oldSpaceMb).toBeGreaterThanOrEqual(base.oldSpaceMb + 96 / LIVE_SHARE - 8);
  });

  it("raises ingest's limit with its consumer and fan-out byte budgets, the read models with the endpoints", () => {
    const base = heapPlan('ingest', {});
    const bytes = heapPlan('ingest', { HERALD_CONSUMER_MAX_BYTES: String(32 * MiB) });
    expect(bytes.liveBytes - base.liveBytes).toBe(
      3 * (32 * MiB - BUDGET_DEFAULTS.HERALD_CONSUMER_MAX_BYTES),
    );
    const fanOut = heapPlan('ingest', { HERALD_FANOUT_MAX_BYTES: String(9 * MiB) });
    expect(fanOut.liveBytes - base.liveBytes).toBe(
      2 * (9 * MiB - BUDGET_DEFAULTS.HERALD_FANOUT_MAX_BYTES),
    );
    const endpoints = heapPlan('ingest', { HERALD_HEAP_ENDPOINTS: '50000' });
    expect(endpoints.oldSpaceMb).toBeGreaterThan(base.oldSpaceMb);
    expect(endpoints.terms.map((term) => term.what)).toContain(
      'read models for HERALD_HEAP_ENDPOINTS=50000 endpoints',
    );
  });

  it('derives from the defaults when a budget is unset, blank or invalid (the config schema reports it)', () => {
    const defaults = heapPlan('dispatcher', {});
    expect(heapPlan('dispatcher', { HERALD_DISPATCH_MAX_BYTES: '' })).toEqual(defaults);
    expect(heapPlan('dispatcher', { HERALD_DISPATCH_MAX_BYTES: 'lots' })).toEqual(defaults);
    expect(heapPlan('dispatcher', { HERALD_DISPATCH_MAX_BYTES: '-5' })).toEqual(defaults);
  });

  it('takes HERALD_HEAP_LIMIT_MB over the derivation and says so', () => {
    const plan = heapPlan('registry', { HERALD_HEAP_LIMIT_MB: '300' });
    expect(plan).toMatchObject({ oldSpaceMb: 300, overridden: true });
    expect(describeHeapPlan(plan)).toContain('set by HERALD_HEAP_LIMIT_MB');
    expect(heapPlan('registry', { HERALD_HEAP_LIMIT_MB: 'x' }).overridden).toBe(false);
  });

  it('gives the dispatcher and ingest a larger young generation than the services that pass little through (ADR 0113)', () => {
    expect(heapPlan('dispatcher', {}).semiSpaceMb).toBe(8);
    expect(heapPlan('ingest', {}).semiSpaceMb).toBe(4);
    for (const service of ['registry', 'health-monitor', 'alerting', 'gateway'] as const) {
      expect(heapPlan(service, {}).semiSpaceMb).toBe(2);
    }
    for (const service of HEAP_SERVICES) {
      expect(heapFlags(heapPlan(service, {}))).toContain(
        `--max-semi-space-size=${SEMI_SPACE_MB[service]}`,
      );
      // Overriding the heap limit moves the old space, never the young generation.
      expect(heapPlan(service, { HERALD_HEAP_LIMIT_MB: '512' }).semiSpaceMb).toBe(
        SEMI_SPACE_MB[service],
      );
    }
    expect(describeHeapPlan(heapPlan('dispatcher', {}))).toContain('8 MB semi-space');
  });

  it('turns a plan into the two V8 flags and a line that names every term', () => {
    const plan = heapPlan('dispatcher', {});
    expect(heapFlags(plan)).toEqual([
      `--max-old-space-size=${plan.oldSpaceMb}`,
      `--max-semi-space-size=${plan.semiSpaceMb}`,
    ]);
    const line = describeHeapPlan(plan);
    expect(line).toContain(`dispatcher heap limit ${plan.oldSpaceMb} MB old space`);
    expect(line).toContain('HERALD_DISPATCH_MAX_BYTES');
    expect(line).toContain('HERALD_CONSUMER_MAX_BYTES');
  });
});
