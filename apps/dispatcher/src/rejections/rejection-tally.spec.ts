import { describe, expect, it } from '@jest/globals';
import { deferralReportSchema } from '@herald/contracts';
import { RejectionTally } from './rejection-tally.js';

const t0 = Date.parse('2026-11-22T10:00:00.000Z');

describe('RejectionTally', () => {
  it('reports each endpoint once per drain with its counts per reason and interval', () => {
    const tally = new RejectionTally('host:1');
    tally.count('ten_1', 'ep_1', 'breaker_open', t0);
    tally.count('ten_1', 'ep_1', 'breaker_open', t0 + 100);
    tally.count('ten_1', 'ep_1', 'endpoint_paused', t0 + 200);
    tally.count('ten_2', 'ep_2', 'endpoint_paused', t0 + 300);
    const reports = tally.drain(t0 + 5_000);
    expect(reports).toEqual([
      {
        reportId: 'host:1:ep_1:1',
        tenantId: 'ten_1',
        endpointId: 'ep_1',
        replica: 'host:1',
        from: '2026-11-22T10:00:00.000Z',
        to: '2026-11-22T10:00:05.000Z',
        counts: { breaker_open: 2, endpoint_paused: 1 },
      },
      {
        reportId: 'host:1:ep_2:2',
        tenantId: 'ten_2',
        endpointId: 'ep_2',
        replica: 'host:1',
        from: '2026-11-22T10:00:00.300Z',
        to: '2026-11-22T10:00:05.000Z',
        counts: { breaker_open: 0, endpoint_paused: 1 },
      },
    ]);
    for (const report of reports) expect(deferralReportSchema.parse(report)).toEqual(report);
    expect(tally.drain(t0 + 10_000)).toEqual([]);
  });

  it('gives every report a new id, so JetStream never drops one as a duplicate', () => {
    const tally = new RejectionTally('host:1');
    tally.count('ten_1', 'ep_1', 'breaker_open', t0);
    const [first] = tally.drain(t0 + 1);
    tally.count('ten_1', 'ep_1', 'breaker_open', t0 + 2);
    const [second] = tally.drain(t0 + 3);
    expect(first?.reportId).not.toBe(second?.reportId);
  });

  it('keeps the counts of a report that could not be published for the next one', () => {
    const tally = new RejectionTally('host:1');
    tally.count('ten_1', 'ep_1', 'breaker_open', t0);
    const [failed] = tally.drain(t0 + 1_000);
    tally.count('ten_1', 'ep_1', 'endpoint_paused', t0 + 2_000);
    tally.restore(failed!);
    expect(tally.drain(t0 + 3_000)).toEqual([
      expect.objectContaining({
        from: '2026-11-22T10:00:00.000Z',
        counts: { breaker_open: 1, endpoint_paused: 1 },
      }),
    ]);
  });
});
