import { describe, expect, it } from '@jest/globals';
import { rejectionCodeOf as codeOf } from '../unit-fixtures.js';
import {
  checkEvent,
  MESSAGE_ID_PATTERN,
  messageIdFor,
  parseEventVersion,
  RejectedEvent,
} from './event-rules.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const event = (overrides: Partial<Parameters<typeof checkEvent>[0]> = {}) => ({
  eventType: 'message_created',
  idempotencyKey: 'k1',
  channel: null,
  payload: bytes('{"a":1}'),
  ...overrides,
});
const limits = { maxPayloadBytes: 100, json: { maxDepth: 3, maxKeys: 4 } };

describe('checkEvent', () => {
  it('accepts a valid event and returns the payload text unchanged', () => {
    expect(checkEvent(event({ payload: bytes('{ "b" : 2, "a": 1 }') }), limits)).toEqual({
      text: '{ "b" : 2, "a": 1 }',
      parsed: { b: 2, a: 1 },
    });
  });

  it('names the rule an event breaks', () => {
    expect(codeOf(() => checkEvent(event({ eventType: 'has space' }), limits))).toBe(
      'invalid_event_type',
    );
    expect(codeOf(() => checkEvent(event({ eventType: '*' }), limits))).toBe('invalid_event_type');
    expect(codeOf(() => checkEvent(event({ idempotencyKey: 'x'.repeat(257) }), limits))).toBe(
      'invalid_idempotency_key',
    );
    expect(codeOf(() => checkEvent(event({ channel: '' }), limits))).toBe('invalid_channel');
    expect(codeOf(() => checkEvent(event({ payload: bytes('{"a":') }), limits))).toBe(
      'malformed_json',
    );
    expect(
      codeOf(() => checkEvent(event({ payload: bytes(`"${'x'.repeat(200)}"`) }), limits)),
    ).toBe('payload_too_large');
  });

  it('refuses control characters in ids and channels, whichever header carried them', () => {
    expect(codeOf(() => checkEvent(event({ idempotencyKey: 'a\u0000b' }), limits))).toBe(
      'invalid_idempotency_key',
    );
    expect(codeOf(() => checkEvent(event({ idempotencyKey: 'a\nb' }), limits))).toBe(
      'invalid_idempotency_key',
    );
    expect(codeOf(() => checkEvent(event({ channel: 'c\u007f' }), limits))).toBe('invalid_channel');
    expect(codeOf(() => checkEvent(event({ channel: '\ud800x' }), limits))).toBe('invalid_channel');
    expect(codeOf(() => checkEvent(event({ channel: 'ok-ünïcode-✓' }), limits))).toBe('accepted');
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    const payload = new Uint8Array([0x22, 0xc3, 0x28, 0x22]);
    expect(codeOf(() => checkEvent(event({ payload }), limits))).toBe('invalid_utf8');
  });

  it('refuses depth and key count over the limits before parsing', () => {
    expect(codeOf(() => checkEvent(event({ payload: bytes('[[[1]]]') }), limits))).toBe('accepted');
    expect(codeOf(() => checkEvent(event({ payload: bytes('[[[[1]]]]') }), limits))).toBe(
      'json_too_deep',
    );
    const deep = { maxPayloadBytes: 100_000, json: { maxDepth: 128, maxKeys: 10 } };
    expect(codeOf(() => checkEvent(event({ payload: bytes('['.repeat(10_000)) }), deep))).toBe(
      'json_too_deep',
    );
    expect(
      codeOf(() =>
        checkEvent(event({ payload: bytes('{"a":1,"b":2,"c":3,"d":4,"e":5}') }), limits),
      ),
    ).toBe('too_many_keys');
  });

  it('refuses payload strings Postgres could not store', () => {
    expect(codeOf(() => checkEvent(event({ payload: bytes('{"a":"x\\u0000"}') }), limits))).toBe(
      'invalid_text',
    );
    expect(codeOf(() => checkEvent(event({ payload: bytes('["\\udc00"]') }), limits))).toBe(
      'invalid_text',
    );
    expect(codeOf(() => checkEvent(event({ payload: bytes('{"\\u0000":1}') }), limits))).toBe(
      'invalid_text',
    );
    expect(codeOf(() => checkEvent(event({ payload: bytes('["\\u00e9"]') }), limits))).toBe(
      'accepted',
    );
  });

  it('finds no such string without an escape: raw ones are refused before', () => {
    // A raw U+0000 is not JSON; a surrogate encoded in UTF-8 is not UTF-8.
    const nul = new Uint8Array([0x5b, 0x22, 0x00, 0x22, 0x5d]);
    expect(codeOf(() => checkEvent(event({ payload: nul }), limits))).toBe('malformed_json');
    const surrogate = new Uint8Array([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]);
    expect(codeOf(() => checkEvent(event({ payload: surrogate }), limits))).toBe('invalid_utf8');
    // The shared decoder is whole again after a refusal.
    expect(codeOf(() => checkEvent(event({ payload: bytes('["é"]') }), limits))).toBe('accepted');
  });
});

describe('messageIdFor', () => {
  it('is stable per tenant and key, and differs across tenants', () => {
    expect(messageIdFor('t1', 'k')).toBe(messageIdFor('t1', 'k'));
    expect(messageIdFor('t1', 'k')).not.toBe(messageIdFor('t2', 'k'));
    expect(messageIdFor('t1', 'k')).toMatch(MESSAGE_ID_PATTERN);
  });

  it('gives the ids stored messages already carry (SHA-256 of tenant, newline, key)', () => {
    // Stored rows are de-duplicated by these ids: they must never change.
    expect(messageIdFor('t1', 'k')).toBe('msg_9c7f7a18b346969b249162c4a19a2998');
    expect(messageIdFor('t\u00e9', 'k\u{1f600}')).toBe('msg_24676d2d72498b4c9d6bb19fa818b8e8');
  });
});

describe('parseEventVersion', () => {
  it('is 1 when absent and reads whole numbers from 1 to 1000', () => {
    expect(parseEventVersion(undefined)).toBe(1);
    expect(parseEventVersion(null)).toBe(1);
    expect(parseEventVersion('2')).toBe(2);
    expect(parseEventVersion(1000)).toBe(1000);
  });

  it.each(['0', '1001', 'v2', '1.5', '', '-1', 2.5])('refuses %j', (given) => {
    expect(() => parseEventVersion(given)).toThrow(RejectedEvent);
  });
});
