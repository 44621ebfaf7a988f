import { describe, expect, it } from '@jest/globals';
import { costByHop, ioCallsByHop } from '../scenarios/hops.js';
import { markdown, type BenchRun } from './render.js';

const run = (details: Record<string, unknown>): BenchRun =>
  ({
    run: 'test',
    mode: 'quick',
    startedAt: '2026-12-06T00:00:00Z',
    durationSeconds: 1,
    correct: true,
    targetsMet: false,
    interrupted: false,
    machine: { cpuModel: 'cpu', cores: 2, loadAverage: { atStart: [0, 0, 0], atEnd: null } },
    versions: { node: 'v24', natsServer: '2', postgres: '15' },
    git: { commit: '0123456789abcdef', dirty: false },
    settings: {},
    scenarios: [
      {
        id: 'throughput',
        title: 'Sustained throughput',
        correct: true,
        problems: [],
        figures: [],
        details,
      },
    ],
    note: '',
  }) as unknown as BenchRun;

describe('markdown: CPU per delivery by hop', () => {
  it('prints each hop of each system and the totals, Herald against the relay', () => {
    const cpuByHop = costByHop({
      baseline: { cpuSeconds: { baseline: 1, 'nats-server': 1 }, deliveredWhileLoaded: 10_000 },
      relay: {
        cpuSeconds: {
          baseline: 1,
          'relay-store': 0.5,
          'relay-log': 0.2,
          'nats-server': 1,
          postgres: 0.5,
        },
        deliveredWhileLoaded: 10_000,
      },
      herald: {
        cpuSeconds: {
          dispatcher: 2,
          ingest: 1,
          'health-monitor': 0.6,
          registry: 0.1,
          alerting: 0.1,
          'nats-server': 1.5,
          postgres: 1.2,
        },
        deliveredWhileLoaded: 10_000,
      },
    });
    const text = markdown(run({ cpuByHop }));
    expect(text).toContain(
      '| send (the baseline process; the dispatcher) | 0.100 | 0.100 | 0.200 | 2.00× |',
    );
    expect(text).toContain('| registry and alerting | — | — | 0.020 |  |');
    expect(text).toContain('| **total** | 0.200 | 0.320 | 0.650 | 2.03× |');
  });

  it("prints each system in units of the receiver's CPU per delivery, and Herald against the others", () => {
    const cpuByHop = costByHop({
      baseline: { cpuSeconds: { baseline: 1, 'nats-server': 1 }, deliveredWhileLoaded: 10_000 },
    });
    const cpuInReceiverUnits = {
      baseline: { receiverMs: 0.07, units: 2.3 },
      relay: { receiverMs: 0.068, units: 3.45 },
      herald: { receiverMs: 0.08, units: 7.13 },
    };
    const text = markdown(run({ cpuByHop, cpuInReceiverUnits }));
    expect(text).toContain(
      'baseline 2.30 (0.070 ms), relay 3.45 (0.068 ms), herald 7.13 (0.080 ms). Herald ÷ baseline 3.10×, Herald ÷ relay 2.07×.',
    );
    expect(markdown(run({ cpuByHop }))).not.toContain("units of the receiver's");
  });

  it('prints no such table for a run without the throughput split', () => {
    expect(markdown(run({}))).not.toContain('CPU per delivery by hop');
  });

  it("prints each hop's system calls per delivery and each system's WAL per delivery", () => {
    const cpuByHop = costByHop({
      baseline: { cpuSeconds: { baseline: 1, 'nats-server': 1 }, deliveredWhileLoaded: 10_000 },
    });
    const ioCalls = ioCallsByHop({
      baseline: {
        cpuSeconds: {},
        ioCalls: { baseline: 30_000, 'nats-server': 34_000 },
        deliveredWhileLoaded: 10_000,
      },
      herald: {
        cpuSeconds: {},
        ioCalls: {
          dispatcher: 20_500,
          ingest: 2_000,
          'health-monitor': 1_500,
          registry: 10,
          alerting: 10,
          'nats-server': 30_000,
          postgres: 12_000,
        },
        deliveredWhileLoaded: 10_000,
      },
    });
    const walPerDelivery = {
      baseline: { records: 0.3, fullPageImages: 0, bytes: 60 },
      relay: { records: 6.33, fullPageImages: 0, bytes: 1658 },
      herald: { records: 17.09, fullPageImages: 0.01, bytes: 3922 },
    };
    const text = markdown(run({ cpuByHop, ioCallsByHop: ioCalls, walPerDelivery }));
    expect(text).toContain('| send (the baseline process; the dispatcher) | 3.00 | — | 2.05 |');
    expect(text).toContain('| postgres | — | — | 1.20 |');
    expect(text).toContain(
      'relay 6.33 records, 1658 bytes, 0.00 full-page images; herald 17.09 records, 3922 bytes, 0.01 full-page images.',
    );
    // The baseline has no Postgres hop: what the log took in its rounds was other writers'.
    expect(text).not.toContain('baseline 0.30 records');
    expect(markdown(run({ cpuByHop }))).not.toContain('system calls per delivery');
  });
});

describe("markdown: nats-server's CPU per delivery by function", () => {
  const summary = (sampledUs: number, functions: [string, number, number?][]) => ({
    profiles: 3,
    deliveries: 30_000,
    sampledUs,
    functions: functions.map(([name, totalUs, selfUs = 0]) => ({ name, selfUs, totalUs })),
  });

  it("prints Herald's heaviest functions with each system's cost of the same", () => {
    const natsProfile = {
      baseline: summary(60, [['(*client).readLoop', 20]]),
      relay: summary(85, [
        ['(*client).readLoop', 26.8],
        ['(*consumer).processAck', 7.2],
      ]),
      herald: summary(112.7, [
        ['(*client).readLoop', 30.5],
        ['(*consumer).processAck', 13.7],
        ['runtime.scanobject', 9.1, 9.1],
      ]),
    };
    const text = markdown(run({ natsProfile }));
    expect(text).toContain('| function | baseline | relay | herald |');
    expect(text).toContain('| all it sampled | 60.0 | 85.0 | 112.7 |');
    expect(text).toContain('| `(*client).readLoop` | 20.0 | 26.8 | 30.5 |');
    expect(text).toContain('| `(*consumer).processAck` | — | 7.2 | 13.7 |');
    // In themselves, heaviest first: the function that is all leaf leads.
    const own = text.slice(text.indexOf('in the functions themselves'));
    expect(own.split('\n').filter((line) => line.startsWith('| `'))[0]).toBe(
      '| `runtime.scanobject` | — | — | 9.1 |',
    );
  });

  it('prints nothing without a profile of Herald', () => {
    expect(markdown(run({}))).not.toContain("nats-server's CPU per delivery");
    expect(markdown(run({ natsProfile: { baseline: summary(60, []) } }))).not.toContain(
      "nats-server's CPU per delivery",
    );
  });
});
