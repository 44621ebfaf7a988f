import { describe, expect, it } from '@jest/globals';
import { areaOf, summarise } from './cpu-profile.js';

describe('CPU profile summary', () => {
  it('names the area of a frame by package, Herald app or lib, or V8 pseudo-frame', () => {
    expect(
      areaOf('file:///r/node_modules/.pnpm/pg@8.23.1/node_modules/pg/lib/client.js', 'query'),
    ).toBe('pg');
    expect(
      areaOf(
        'file:///r/node_modules/.pnpm/@nats-io+jetstream@3.4.0/node_modules/@nats-io/jetstream/lib/x.js',
        'f',
      ),
    ).toBe('@nats-io/jetstream');
    expect(areaOf('file:///r/apps/dispatcher/dist/actors/x.js', 'f')).toBe(
      'herald apps/dispatcher',
    );
    expect(areaOf('node:internal/streams/readable', 'read')).toBe('node internals');
    expect(areaOf('', '(garbage collector)')).toBe('(gc)');
    expect(areaOf('', '(idle)')).toBe('(idle)');
  });

  it('attributes each sample the time until the next one, and leaves idle out of the busy share', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const summary = summarise('ingest', 'ingest.cpuprofile', {
      nodes: [
        { id: 1, callFrame: frame('(idle)') },
        { id: 2, callFrame: frame('hot', 'file:///r/apps/ingest/dist/a.js') },
      ],
      samples: [2, 2, 1, 2],
      timeDeltas: [0, 1000, 1000, 8000],
      startTime: 0,
      endTime: 10_000,
    });
    expect(summary.busyMs).toBe(2);
    expect(summary.areas).toEqual([{ area: 'herald apps/ingest', ms: 2, share: 100 }]);
    expect(summary.functions[0]).toMatchObject({ fn: 'hot apps/ingest/dist/a.js:1', ms: 2 });
  });

  it('keeps only the samples inside the measured window (monotonic ms)', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('boot', 'node:internal/modules/cjs/loader') },
        { id: 2, callFrame: frame('work', 'file:///r/apps/ingest/dist/a.js') },
      ],
      // samples at 1 ms, 2 ms, 5 ms, 6 ms (startTime 0 µs, deltas in µs)
      samples: [1, 1, 2, 2],
      timeDeltas: [1000, 1000, 3000, 1000],
      startTime: 0,
      endTime: 7000,
    };
    const summary = summarise('ingest', 'f', profile, { fromMs: 4, toMs: 10 });
    expect(summary.areas.map((a) => a.area)).toEqual(['herald apps/ingest']);
    expect(summary.wallMs).toBe(1);
  });
});
