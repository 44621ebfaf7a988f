import { describe, expect, it } from '@jest/globals';
import { defaultVersion, parseEventTypeFilter, subscribes } from './event-type-filter.js';

describe('parseEventTypeFilter', () => {
  it('reads *, prefix wildcards, exact names and pinned versions', () => {
    expect(parseEventTypeFilter('*')).toEqual({ kind: 'all', version: null });
    expect(parseEventTypeFilter('conversation.*')).toEqual({
      kind: 'prefix',
      prefix: 'conversation.',
      version: null,
    });
    expect(parseEventTypeFilter('message_created')).toEqual({
      kind: 'exact',
      name: 'message_created',
      version: null,
    });
    expect(parseEventTypeFilter('message_created@2')).toEqual({
      kind: 'exact',
      name: 'message_created',
      version: 2,
    });
  });

  it.each([
    ['has space'],
    ['conv*'],
    ['*.x'],
    ['message_created@0'],
    ['message_created@v2'],
    ['message_created@'],
    ['*@2'],
    ['conversation.*@1'],
    [''],
  ])('refuses %j with a reason', (text) => {
    expect(parseEventTypeFilter(text)).toEqual({ reason: expect.any(String) as unknown });
  });
});

describe('defaultVersion', () => {
  it('is the oldest live version, else the newest, else null', () => {
    expect(
      defaultVersion([
        { version: 2, archived: false },
        { version: 1, archived: false },
      ]),
    ).toBe(1);
    expect(
      defaultVersion([
        { version: 1, archived: true },
        { version: 2, archived: false },
      ]),
    ).toBe(2);
    expect(
      defaultVersion([
        { version: 1, archived: true },
        { version: 3, archived: true },
      ]),
    ).toBe(3);
    expect(defaultVersion([])).toBeNull();
  });
});

describe('subscribes', () => {
  const v1 = { name: 'message_created', version: 1 };
  const v2 = { name: 'message_created', version: 2 };

  it('gives unpinned filters the default version only, so side-by-side versions never duplicate', () => {
    for (const filters of [['message_created'], ['*'], ['message_created', '*']]) {
      expect(subscribes(filters, v1, 1)).toBe(true);
      expect(subscribes(filters, v2, 1)).toBe(false);
    }
    expect(subscribes(['*'], v2, 2)).toBe(true);
  });

  it('gives a pinned filter exactly its version', () => {
    expect(subscribes(['message_created@2'], v2, 1)).toBe(true);
    expect(subscribes(['message_created@2'], v1, 1)).toBe(false);
  });

  it('matches prefix wildcards on a dot boundary', () => {
    const event = (name: string) => ({ name, version: 1 });
    expect(subscribes(['conversation.*'], event('conversation.status.changed'), 1)).toBe(true);
    expect(subscribes(['conversation.*'], event('conversation'), 1)).toBe(false);
    expect(subscribes(['conversation.*'], event('conversations.created'), 1)).toBe(false);
  });

  it('treats a type without catalog versions as version 1', () => {
    expect(subscribes(['a'], { name: 'a', version: 1 }, null)).toBe(true);
  });

  it('answers the same for a list it has seen, and reads a replacing list anew', () => {
    const before = ['message_created@2'];
    expect(subscribes(before, v2, 1)).toBe(true);
    expect(subscribes(before, v1, 1)).toBe(false);
    expect(subscribes(before, v2, 1)).toBe(true);
    // An endpoint's change replaces its list: the new one decides.
    const after = ['message_created'];
    expect(subscribes(after, v1, 1)).toBe(true);
    expect(subscribes(after, v2, 1)).toBe(false);
  });

  it('ignores a filter that is not one, and still reads the others of its list', () => {
    expect(subscribes(['*@2', 'message_created'], v1, 1)).toBe(true);
    expect(subscribes(['*@2'], v2, 1)).toBe(false);
  });
});
