import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import {
  Function as PprofFunction,
  Line,
  Location,
  Profile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format';
import { shortName, summariseNatsProfiles } from './nats-profile.js';

const SERVER = 'github.com/nats-io/nats-server/v2/server.';

/**
 * A gzipped pprof as nats-server's profiler writes one: each sample a stack
 * of locations, innermost first, each location its frames (inlined ones
 * first), and its CPU in nanoseconds beside a sample count.
 */
function profile(samples: { stack: string[][]; ns: number }[], cpuType = 'cpu'): Uint8Array {
  const strings = new StringTable();
  const functions = new Map<string, PprofFunction>();
  const fn = (name: string) => {
    let found = functions.get(name);
    if (!found) {
      found = new PprofFunction({ id: functions.size + 1, name: strings.dedup(name) });
      functions.set(name, found);
    }
    return found;
  };
  const locations: Location[] = [];
  const built = samples.map(({ stack, ns }) => {
    const ids = stack.map((frames) => {
      const location = new Location({
        id: locations.length + 1,
        line: frames.map((name) => new Line({ functionId: fn(name).id, line: 1 })),
      });
      locations.push(location);
      return location.id;
    });
    return new Sample({ locationId: ids, value: [1, ns] });
  });
  const p = new Profile({
    sampleType: [
      new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }),
      new ValueType({ type: strings.dedup(cpuType), unit: strings.dedup('nanoseconds') }),
    ],
    sample: built,
    location: locations,
    function: [...functions.values()],
    stringTable: strings,
  });
  return gzipSync(p.encode());
}

const storeSample = {
  // writeMsgRecord inlined into processJetStreamMsg, called from readLoop.
  stack: [
    [`${SERVER}(*fileStore).writeMsgRecord`, `${SERVER}(*stream).processJetStreamMsg`],
    [`${SERVER}(*client).readLoop`],
    ['runtime.goexit'],
  ],
  ns: 3_000,
};
const gcSample = { stack: [['runtime.gcBgMarkWorker'], ['runtime.goexit']], ns: 1_000 };

describe('nats-server profiles, per delivery', () => {
  it("counts a sample as its innermost frame's own CPU and once towards every function on its stack", () => {
    const summary = summariseNatsProfiles([
      { profile: profile([storeSample, gcSample]), deliveries: 2 },
    ]);
    expect(summary.profiles).toBe(1);
    expect(summary.deliveries).toBe(2);
    expect(summary.sampledUs).toBeCloseTo(2);
    const byName = Object.fromEntries(summary.functions.map((f) => [f.name, f]));
    expect(byName['(*fileStore).writeMsgRecord']).toEqual({
      name: '(*fileStore).writeMsgRecord',
      selfUs: 1.5,
      totalUs: 1.5,
    });
    expect(byName['(*stream).processJetStreamMsg']).toMatchObject({ selfUs: 0, totalUs: 1.5 });
    expect(byName['(*client).readLoop']).toMatchObject({ selfUs: 0, totalUs: 1.5 });
    expect(byName['runtime.gcBgMarkWorker']).toMatchObject({ selfUs: 0.5, totalUs: 0.5 });
    // The frame every stack starts from says nothing, and is left out.
    expect(byName['runtime.goexit']).toBeUndefined();
    // Heaviest with what they call first.
    expect(summary.functions.at(-1)!.name).toBe('runtime.gcBgMarkWorker');
  });

  it('keeps the heaviest functions with what they call and those heaviest in themselves', () => {
    // Ten callers of ten light leaves each, and one hot leaf called directly:
    // by what they call, the callers lead; in itself, the hot leaf does.
    const leaves = Array.from({ length: 100 }, (_, i) => ({
      stack: [[`${SERVER}leaf${i}`], [`${SERVER}caller${i % 10}`], [`${SERVER}hub`]],
      ns: 100,
    }));
    const hot = { stack: [[`${SERVER}hot`], [`${SERVER}hub`]], ns: 500 };
    const summary = summariseNatsProfiles(
      [{ profile: profile([...leaves, hot]), deliveries: 1 }],
      4,
    );
    const names = summary.functions.map((f) => f.name);
    // Four by what they call (the hub and three callers), two in themselves (hot and a leaf).
    expect(names).toHaveLength(6);
    expect(names[0]).toBe('hub');
    expect(names.filter((name) => name.startsWith('caller'))).toHaveLength(3);
    expect(names).toContain('hot');
    expect(summary.functions.find((f) => f.name === 'hot')).toEqual({
      name: 'hot',
      selfUs: 0.5,
      totalUs: 0.5,
    });
  });

  it('counts a function once per sample, however often it recurs on the stack', () => {
    const recursive = {
      stack: [[`${SERVER}match`], [`${SERVER}match`], [`${SERVER}match`]],
      ns: 4_000,
    };
    const summary = summariseNatsProfiles([{ profile: profile([recursive]), deliveries: 1 }]);
    expect(summary.functions).toEqual([{ name: 'match', selfUs: 4, totalUs: 4 }]);
  });

  it("adds up the rounds' profiles over their deliveries", () => {
    const summary = summariseNatsProfiles([
      { profile: profile([storeSample]), deliveries: 1 },
      { profile: profile([storeSample, gcSample]), deliveries: 3 },
    ]);
    expect(summary.profiles).toBe(2);
    expect(summary.deliveries).toBe(4);
    expect(summary.sampledUs).toBeCloseTo(7 / 4);
    expect(summary.functions[0]).toMatchObject({ totalUs: 6 / 4 });
  });

  it('leaves out, with its deliveries, a profile it cannot read or one without CPU samples', () => {
    const summary = summariseNatsProfiles([
      { profile: profile([storeSample]), deliveries: 1 },
      { profile: new Uint8Array([1, 2, 3]), deliveries: 100 },
      { profile: profile([storeSample], 'alloc_space'), deliveries: 100 },
    ]);
    expect(summary.profiles).toBe(1);
    expect(summary.deliveries).toBe(1);
    expect(summary.sampledUs).toBeCloseTo(3);
  });

  it('shortens the server package of a function name and leaves the rest', () => {
    expect(shortName('github.com/nats-io/nats-server/v2/server.(*client).parse')).toBe(
      '(*client).parse',
    );
    expect(shortName('github.com/nats-io/nats-server/server.(*client).parse')).toBe(
      '(*client).parse',
    );
    expect(shortName('runtime.mallocgc')).toBe('runtime.mallocgc');
  });
});
