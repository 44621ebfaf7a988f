import { describe, expect, it } from '@jest/globals';
import { HEALTH_PARTITIONS, allPartitions, partitionOf } from './partitions.js';
import { Namespace } from './subjects.js';

describe('health partitions', () => {
  it('puts an endpoint in the same partition every time, within range', () => {
    const id = '3f6c1a1e-0d8b-4c43-9d55-0c1c0b5e7a10';
    expect(partitionOf(id)).toBe(partitionOf(id));
    expect(partitionOf(id)).toBeGreaterThanOrEqual(0);
    expect(partitionOf(id)).toBeLessThan(HEALTH_PARTITIONS);
  });

  it('keeps every endpoint in the partition earlier versions gave it (FNV-1a of UTF-8 bytes)', () => {
    // Moving an endpoint between partitions needs the drain procedure: these must never change.
    expect(partitionOf('3f6c1a1e-0d8b-4c43-9d55-0c1c0b5e7a10')).toBe(8);
    expect(partitionOf('ep-1')).toBe(2);
    expect(partitionOf('endpoint-7')).toBe(12);
    expect(partitionOf('\u00e9p-\u00fc')).toBe(5);
    const bytes = new TextEncoder();
    const byBytes = (id: string) => {
      let hash = 0x811c9dc5;
      for (const byte of bytes.encode(id)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
      return hash % HEALTH_PARTITIONS;
    };
    for (const id of ['a', 'ep_0123', 'x\u00ff', '\u{1f600}-ep', 'ep-\u4e2d\u6587', '~\u007f']) {
      expect(partitionOf(id)).toBe(byBytes(id));
    }
  });

  it('spreads endpoint ids over every partition', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 1600; i++) {
      const p = partitionOf(`endpoint-${i}`);
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(allPartitions());
    for (const count of counts.values()) expect(count).toBeGreaterThan(50);
  });

  it('puts the partition in the subjects of attempts and deferral reports only', () => {
    const ns = new Namespace('herald');
    const p = partitionOf('ep-1');
    expect(ns.subject('attempt.v1', 'ep-1')).toBe(`herald.attempt.v1.${p}.ep-1`);
    expect(ns.subject('deferral.v1', 'ep-1')).toBe(`herald.deferral.v1.${p}.ep-1`);
    expect(ns.subject('deliver.v1', 'ep-1')).toBe('herald.deliver.v1.ep-1');
    expect(ns.partitionWildcard('attempt.v1', 3)).toBe('herald.attempt.v1.3.>');
    expect(ns.partitionConsumer('attempt.v1', 'health-monitor', 3)).toBe(
      'health-monitor-attempts-p3',
    );
  });
});
