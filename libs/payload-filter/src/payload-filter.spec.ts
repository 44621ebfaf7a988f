import { describe, expect, it } from '@jest/globals';
import { checkPayloadFilter, matchesPayload, type PayloadFilter } from './payload-filter.js';

const status = {
  v: '1.1',
  type: 'status',
  status: 'read',
  chatPlatform: 'whatsapp',
  sender: { type: 'user', id: 7 },
  messages: [{ from: 'bot' }, { from: 'user' }],
  queue: null,
  count: 3,
};

const matches = (filter: PayloadFilter, payload: unknown = status) => {
  expect(checkPayloadFilter(filter)).toEqual([]);
  return matchesPayload(filter, payload);
};

describe('matchesPayload', () => {
  it('matches everything with an empty filter', () => {
    expect(matches({})).toBe(true);
    expect(matches({}, 42)).toBe(true);
  });

  it('compares a path with a literal, deeply', () => {
    expect(matches({ status: 'read' })).toBe(true);
    expect(matches({ status: 'delivered' })).toBe(false);
    expect(matches({ 'sender.type': 'user' })).toBe(true);
    expect(matches({ sender: { id: 7, type: 'user' } })).toBe(true);
    expect(matches({ queue: null })).toBe(true);
    expect(matches({ missing: null })).toBe(false);
  });

  it('indexes arrays with numeric segments and never traverses them implicitly', () => {
    expect(matches({ 'messages.1.from': 'user' })).toBe(true);
    expect(matches({ 'messages.2.from': 'user' })).toBe(false);
    expect(matches({ 'messages.from': 'user' })).toBe(false);
  });

  it('applies $eq $ne $in $nin $exists, treating a missing field as equal to nothing', () => {
    expect(matches({ status: { $eq: 'read' } })).toBe(true);
    expect(matches({ status: { $ne: 'read' } })).toBe(false);
    expect(matches({ absent: { $ne: 'read' } })).toBe(true);
    expect(matches({ status: { $in: ['delivered', 'read'] } })).toBe(true);
    expect(matches({ absent: { $in: ['x'] } })).toBe(false);
    expect(matches({ status: { $nin: ['read'] } })).toBe(false);
    expect(matches({ absent: { $nin: ['read'] } })).toBe(true);
    expect(matches({ queue: { $exists: true } })).toBe(true);
    expect(matches({ absent: { $exists: false } })).toBe(true);
    expect(matches({ absent: { $exists: true } })).toBe(false);
  });

  it('compares only numbers with numbers and strings with strings', () => {
    expect(matches({ count: { $gt: 2, $lte: 3 } })).toBe(true);
    expect(matches({ count: { $lt: 3 } })).toBe(false);
    expect(matches({ status: { $gte: 'r' } })).toBe(true);
    expect(matches({ count: { $gt: '2' } })).toBe(false);
  });

  it('combines with $and, $or, $not and implicit and', () => {
    expect(matches({ type: 'status', status: 'read' })).toBe(true);
    expect(matches({ type: 'status', status: 'delivered' })).toBe(false);
    expect(matches({ $or: [{ status: 'delivered' }, { chatPlatform: 'whatsapp' }] })).toBe(true);
    expect(matches({ $and: [{ status: 'read' }, { chatPlatform: 'webchat' }] })).toBe(false);
    expect(matches({ $not: { chatPlatform: 'webchat' } })).toBe(true);
  });

  it('matches nothing but {} on a payload that is not an object', () => {
    expect(matches({ status: 'read' }, 'read')).toBe(false);
    expect(matches({ '0': 1 }, [1])).toBe(true);
  });
});

describe('checkPayloadFilter', () => {
  it('names every problem and where it is', () => {
    expect(
      checkPayloadFilter({
        $or: [{ status: { $in: 'read' } }, { 'a..b': 1 }],
        $nope: 1,
        count: { $gt: true, $regex: 'x' },
        mixed: { $eq: 1, plain: 2 },
        $and: [],
      }),
    ).toEqual([
      { at: '$or.0.status.$in', reason: 'must be an array of values' },
      { at: '$or.1.a..b', reason: expect.stringContaining('dot-separated') as unknown },
      { at: '$nope', reason: expect.stringContaining('unknown operator') as unknown },
      { at: 'count.$gt', reason: 'must be a number or a string' },
      { at: 'count.$regex', reason: expect.stringContaining('unknown operator') as unknown },
      { at: 'mixed', reason: expect.stringContaining('mixes operators') as unknown },
      { at: '$and', reason: 'must be a non-empty array of filters' },
    ]);
  });

  it('refuses a filter that is not an object, or nests too deep', () => {
    expect(checkPayloadFilter([])).toEqual([{ at: '', reason: 'must be an object of conditions' }]);
    let deep: PayloadFilter = { a: 1 };
    for (let i = 0; i < 12; i++) deep = { $not: deep };
    expect(checkPayloadFilter(deep)[0]?.reason).toContain('at most 10 levels');
  });
});
