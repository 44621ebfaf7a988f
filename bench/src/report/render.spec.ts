import { describe, expect, it } from '@jest/globals';
import { costByHop } from '../scenarios/hops.js';
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
});
