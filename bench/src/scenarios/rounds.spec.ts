import { describe, expect, it } from '@jest/globals';
import type { SaturationResult } from './measure.js';
import { pooled } from './rounds.js';

const verified = (expected: number, problems: string[] = []) => ({
  ok: problems.length === 0,
  expected,
  delivered: expected,
  missing: 0,
  unexpected: 0,
  duplicates: problems.length,
  invalidSignatures: 0,
  problems,
});

const phase = (overrides: Partial<SaturationResult>): SaturationResult => ({
  rate: 1000,
  published: 10_000,
  verification: verified(10_000),
  riderVerification: null,
  riders: null,
  report: { received: [], unique: 0, hungRequests: 0 } as unknown as SaturationResult['report'],
  cpuSeconds: { dispatcher: 1, 'nats-server': 2 },
  ioCalls: { dispatcher: 20_000, 'nats-server': 15_000 },
  wal: { records: 150_000, fullPageImages: 10, bytes: 35_000_000 },
  deliveredWhileLoaded: 10_000,
  eventLoopLag: null,
  drainMs: 100,
  deferrals: null,
  natsProfile: null,
  ...overrides,
});

describe('pooled', () => {
  it('gives the mean rate of equal windows and CPU per delivery over every round', () => {
    const result = pooled([
      phase({ rate: 1200, cpuSeconds: { dispatcher: 1.25, 'nats-server': 2 } }),
      phase({
        rate: 900,
        cpuSeconds: { dispatcher: 2.5, 'nats-server': 1 },
        deliveredWhileLoaded: 5_000,
      }),
      phase({ rate: 1500, cpuSeconds: { dispatcher: 0.75, postgres: 3 } }),
    ]);
    expect(result.rate).toBe(1200);
    expect(result.rounds.map((r) => r.rate)).toEqual([1200, 900, 1500]);
    expect(result.rounds[1]).toEqual({
      rate: 900,
      cpuSeconds: { dispatcher: 2.5, 'nats-server': 1 },
      deliveredWhileLoaded: 5_000,
    });
    expect(result.cpuSeconds).toEqual({ dispatcher: 4.5, 'nats-server': 3, postgres: 3 });
    expect(result.deliveredWhileLoaded).toBe(25_000);
    expect(result.published).toBe(30_000);
  });

  it('adds up the system calls and the WAL of every round, and keeps no WAL a round could not read', () => {
    const result = pooled([
      phase({}),
      phase({
        ioCalls: { dispatcher: 5_000, postgres: 7 },
        wal: { records: 50_000, fullPageImages: 0, bytes: 5_000_000 },
      }),
    ]);
    expect(result.ioCalls).toEqual({ dispatcher: 25_000, 'nats-server': 15_000, postgres: 7 });
    expect(result.wal).toEqual({ records: 200_000, fullPageImages: 10, bytes: 40_000_000 });
    expect(pooled([phase({}), phase({ wal: null })]).wal).toBeNull();
  });

  it("keeps out the rounds' raw profiles, which the run's JSON must not carry", () => {
    const result = pooled([phase({ natsProfile: new Uint8Array([1, 2, 3]) })]);
    expect(Object.keys(result)).not.toContain('natsProfile');
    expect(JSON.stringify(result)).not.toContain('"0":1');
  });

  it('holds the verification only when every round held, keeping every problem', () => {
    const clean = pooled([phase({}), phase({})]).verification;
    expect(clean).toMatchObject({ ok: true, expected: 20_000, delivered: 20_000, problems: [] });
    const broken = pooled([
      phase({}),
      phase({ verification: verified(10_000, ['tp-h-2: 1 duplicate']) }),
    ]).verification;
    expect(broken.ok).toBe(false);
    expect(broken.duplicates).toBe(1);
    expect(broken.problems).toEqual(['tp-h-2: 1 duplicate']);
  });

  it('reports the worst round’s event-loop delay and drain, and adds up deferrals', () => {
    const result = pooled([
      phase({
        eventLoopLag: { ingest: { p99Ms: 30, maxMs: 90 }, dispatcher: null },
        drainMs: 300,
        deferrals: { tenant_full: 2 },
      }),
      phase({
        eventLoopLag: { ingest: { p99Ms: 45, maxMs: 60 }, dispatcher: { p99Ms: 50, maxMs: 70 } },
        drainMs: 120,
        deferrals: { tenant_full: 3, parked: 1 },
      }),
    ]);
    expect(result.eventLoopLag).toEqual({
      ingest: { p99Ms: 45, maxMs: 90 },
      dispatcher: { p99Ms: 50, maxMs: 70 },
    });
    expect(result.drainMs).toBe(300);
    expect(result.deferrals).toEqual({ tenant_full: 5, parked: 1 });
  });

  it('keeps null where no round measured, and refuses nothing to pool', () => {
    const result = pooled([phase({}), phase({})]);
    expect(result.eventLoopLag).toBeNull();
    expect(result.deferrals).toBeNull();
    expect(() => pooled([])).toThrow('no rounds');
  });
});
