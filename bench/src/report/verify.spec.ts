import { describe, expect, it } from '@jest/globals';
import { PublishLedger } from '../load/lanes.js';
import type { TagReport } from '../receiver/ledger.js';
import { verifyDeliveries } from './verify.js';

const flow = {
  tag: 't',
  lanes: [
    { subject: 's.0', paths: ['/a'] },
    { subject: 's.1', paths: ['/b', '/c'] },
  ],
};

function published(perLane: number[]): PublishLedger {
  const ledger = new PublishLedger(flow);
  perLane.forEach((n, lane) => {
    for (let i = 0; i < n; i++) ledger.count(lane, `t-${lane}-${i}`);
  });
  return ledger;
}

function received(paths: string[], extra: Partial<TagReport> = {}): TagReport {
  const names = ['/a', '/b', '/c', '/x'];
  return {
    tag: 't',
    unique: paths.length,
    duplicates: 0,
    invalidSignature: 0,
    failedRequests: 0,
    hungRequests: 0,
    paths: names,
    seq: new Float64Array(paths.length),
    sent: new Float64Array(paths.length),
    received: new Float64Array(paths.length),
    pathIndex: Uint32Array.from(paths.map((p) => names.indexOf(p))),
    failures: [],
    sample: [],
    duplicateSample: [],
    ...extra,
  };
}

describe('delivery verification', () => {
  it('passes when every path got exactly what its lane was sent', () => {
    const v = verifyDeliveries('t', received(['/a', '/a', '/b', '/c']), published([2, 1]));
    expect(v).toMatchObject({ ok: true, expected: 4, delivered: 4, missing: 0, unexpected: 0 });
  });

  it('fails on a missing delivery even when the total matches', () => {
    const v = verifyDeliveries('t', received(['/a', '/a', '/b', '/b']), published([2, 1]));
    expect(v.ok).toBe(false);
    expect(v).toMatchObject({ missing: 1, unexpected: 1 });
  });

  it('fails on duplicates and bad signatures, however fast the run was', () => {
    const dup = verifyDeliveries('t', received(['/a'], { duplicates: 1 }), published([1, 0]));
    const bad = verifyDeliveries('t', received(['/a'], { invalidSignature: 1 }), published([1, 0]));
    expect(dup.ok).toBe(false);
    expect(bad.ok).toBe(false);
    expect(bad.problems.join()).toMatch(/signature/);
  });

  it('fails when requests reached a path that should fail or hang', () => {
    const v = verifyDeliveries('t', received(['/a'], { hungRequests: 2 }), published([1, 0]));
    expect(v.ok).toBe(false);
  });
});
