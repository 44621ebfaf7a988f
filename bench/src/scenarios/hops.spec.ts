import { describe, expect, it } from '@jest/globals';
import { cpuMsPerDelivery } from '../report/stats.js';
import { SERVICES } from '../herald/services.js';
import {
  costByHop,
  cpuPerDeliveryAtRate,
  HOPS,
  ioCallsByHop,
  receiverUnits,
  SYSTEM_CPU,
  walPerDelivery,
} from './hops.js';

/** CPU seconds of Herald's processes in a loaded period, with the receiver's as given. */
const heraldSeconds = (receiver: number) => ({
  registry: 0.1,
  ingest: 2,
  dispatcher: 4,
  'health-monitor': 1,
  alerting: 0.1,
  'nats-server': 3,
  postgres: 2.5,
  receiver,
});

describe('costByHop', () => {
  it("counts every Herald service, and the relay's and the baseline's processes, once", () => {
    expect([...SYSTEM_CPU.herald].sort()).toEqual([...SERVICES, 'nats-server', 'postgres'].sort());
    expect([...SYSTEM_CPU.relay].sort()).toEqual(
      ['baseline', 'nats-server', 'postgres', 'relay-log', 'relay-store'].sort(),
    );
    expect([...SYSTEM_CPU.baseline].sort()).toEqual(['baseline', 'nats-server']);
  });

  it("splits each system's CPU per delivery into hops that add up to it", () => {
    const herald = { cpuSeconds: heraldSeconds(9), deliveredWhileLoaded: 10_000 };
    const relay = {
      cpuSeconds: {
        baseline: 1,
        'relay-store': 0.5,
        'relay-log': 0.2,
        'nats-server': 2,
        postgres: 1,
      },
      deliveredWhileLoaded: 20_000,
    };
    const rows = costByHop({ herald, relay });
    expect(rows.map((r) => r.hop)).toEqual(HOPS.map((h) => h.hop));
    const send = rows[0]!;
    expect(send).toEqual({ hop: HOPS[0].hop, baseline: null, relay: 0.05, herald: 0.4 });
    expect(rows.find((r) => r.hop === 'registry and alerting')).toMatchObject({
      relay: null,
      herald: 0.02,
    });
    const sum = (system: 'herald' | 'relay') =>
      rows.reduce((total, row) => total + (row[system] ?? 0), 0);
    expect(sum('herald')).toBeCloseTo(
      cpuMsPerDelivery(herald.cpuSeconds, SYSTEM_CPU.herald, herald.deliveredWhileLoaded),
      6,
    );
    expect(sum('relay')).toBeCloseTo(
      cpuMsPerDelivery(relay.cpuSeconds, SYSTEM_CPU.relay, relay.deliveredWhileLoaded),
      6,
    );
  });
});

describe('receiverUnits', () => {
  it("divides each system's judged CPU per delivery by the receiver's in the same rounds", () => {
    const units = receiverUnits({
      baseline: {
        cpuSeconds: { baseline: 1, 'nats-server': 0.6, receiver: 0.8, bench: 0.5 },
        deliveredWhileLoaded: 10_000,
      },
      herald: { cpuSeconds: heraldSeconds(1.6), deliveredWhileLoaded: 20_000 },
    });
    // baseline: 0.16 ms ÷ 0.08 ms; herald: 0.635 ms ÷ 0.08 ms. The bench's own CPU is not counted.
    expect(units).toEqual({
      baseline: { receiverMs: 0.08, units: 2 },
      herald: { receiverMs: 0.08, units: 7.94 },
    });
  });

  it('leaves out a system whose receiver was not measured', () => {
    const units = receiverUnits({
      relay: { cpuSeconds: { baseline: 1, 'nats-server': 1 }, deliveredWhileLoaded: 1_000 },
    });
    expect(units).toEqual({});
  });
});

describe('ioCallsByHop', () => {
  it("divides each hop's system calls by the deliveries of its system's rounds", () => {
    const rows = ioCallsByHop({
      relay: {
        cpuSeconds: {},
        ioCalls: {
          baseline: 20_000,
          'relay-store': 2_400,
          'relay-log': 1_000,
          'nats-server': 26_000,
          postgres: 9_000,
        },
        deliveredWhileLoaded: 20_000,
      },
      herald: {
        cpuSeconds: {},
        ioCalls: {
          dispatcher: 10_100,
          ingest: 1_760,
          'health-monitor': 2_260,
          registry: 3,
          alerting: 2,
          'nats-server': 30_000,
          postgres: 11_000,
        },
        deliveredWhileLoaded: 10_000,
      },
    });
    expect(rows.map((r) => r.hop)).toEqual(HOPS.map((h) => h.hop));
    expect(rows[0]).toEqual({ hop: HOPS[0].hop, baseline: null, relay: 1, herald: 1.01 });
    expect(rows.find((r) => r.hop === 'registry and alerting')).toMatchObject({
      relay: null,
      herald: 0,
    });
    expect(rows.find((r) => r.hop === 'postgres')).toMatchObject({ relay: 0.45, herald: 1.1 });
  });

  it('gives no figure for a hop with a process it could not read, or for a run without counts', () => {
    const rows = ioCallsByHop({
      herald: {
        cpuSeconds: {},
        ioCalls: { dispatcher: 10_000, ingest: 2_000, 'nats-server': 30_000 },
        deliveredWhileLoaded: 10_000,
      },
      relay: { cpuSeconds: { baseline: 1 }, deliveredWhileLoaded: 10_000 },
    });
    expect(rows[0]).toMatchObject({ relay: null, herald: 1 });
    expect(rows.find((r) => r.hop === 'postgres')?.herald).toBeNull();
  });
});

describe('walPerDelivery', () => {
  it("divides each system's WAL by its deliveries, and leaves out a system without a reading", () => {
    const wal = walPerDelivery({
      relay: {
        cpuSeconds: {},
        wal: { records: 63_300, fullPageImages: 0, bytes: 16_580_123 },
        deliveredWhileLoaded: 10_000,
      },
      herald: {
        cpuSeconds: {},
        wal: { records: 85_463, fullPageImages: 51, bytes: 19_610_000 },
        deliveredWhileLoaded: 5_000,
      },
      baseline: { cpuSeconds: {}, wal: null, deliveredWhileLoaded: 10_000 },
    });
    expect(wal).toEqual({
      relay: { records: 6.33, fullPageImages: 0, bytes: 1658 },
      herald: { records: 17.09, fullPageImages: 0.01, bytes: 3922 },
    });
  });
});

describe('cpuPerDeliveryAtRate', () => {
  it("divides each system's judged processes' CPU by what it delivered, and no other process's", () => {
    const cpu = cpuPerDeliveryAtRate({
      // The receiver and the bench are busy in every phase; they count for no system.
      baseline: {
        cpuSeconds: { baseline: 2.2, 'nats-server': 3.3, receiver: 9, dispatcher: 0.2 },
        deliveredWhileLoaded: 5_000,
      },
      relay: {
        cpuSeconds: {
          baseline: 3.5,
          'relay-store': 3.1,
          'relay-log': 1.8,
          'nats-server': 7.6,
          postgres: 3.2,
          bench: 2,
        },
        deliveredWhileLoaded: 5_000,
      },
      herald: { cpuSeconds: heraldSeconds(1.4), deliveredWhileLoaded: 5_000 },
    });
    expect(cpu).toEqual({ baseline: 1.1, relay: 3.84, herald: 2.54 });
  });

  it('leaves out a system that delivered nothing or was not measured', () => {
    expect(
      cpuPerDeliveryAtRate({
        baseline: { cpuSeconds: { baseline: 1, 'nats-server': 1 }, deliveredWhileLoaded: 0 },
        herald: { cpuSeconds: { receiver: 1 }, deliveredWhileLoaded: 1_000 },
      }),
    ).toEqual({});
  });
});
