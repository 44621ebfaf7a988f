import { describe, expect, it } from '@jest/globals';
import { applyEnvelope, EnvelopeNeedsObject, envelopeInputSchema } from './envelope.js';

const context = {
  eventType: 'AgentLog',
  eventVersion: 2,
  messageId: 'msg_1',
  channel: 'sms',
  acceptedAt: new Date('2023-03-13T05:16:22.123Z'),
};
const envelope = (input: unknown) => envelopeInputSchema.parse(input);
const apply = (text: string, input: unknown) =>
  applyEnvelope(text, JSON.parse(text), envelope(input), context);

describe('envelope presets', () => {
  it('expands each preset into the stored form', () => {
    expect(envelope({ preset: 'none' })).toBeNull();
    expect(envelope(null)).toBeNull();
    expect(envelope({ preset: 'v-type' })).toEqual({
      mode: 'merge',
      fields: { v: { value: '1.1' }, type: { from: 'eventType' } },
      dataField: null,
    });
    expect(envelope({ preset: 'wrap' })).toMatchObject({ mode: 'wrap', dataField: 'data' });
  });

  it('refuses contradictions', () => {
    const refused = (input: unknown) => envelopeInputSchema.safeParse(input).success;
    expect(refused({ preset: 'nope' })).toBe(false);
    expect(refused({ mode: 'merge', fields: {}, dataField: 'x' })).toBe(false);
    expect(refused({ mode: 'wrap', fields: { data: { value: 1 } } })).toBe(false);
    expect(refused({ mode: 'merge', fields: { a: { from: 'eventType', format: 'unix' } } })).toBe(
      false,
    );
    expect(refused({ mode: 'merge', fields: { a: { from: 'nowhere' } } })).toBe(false);
  });
});

describe('applyEnvelope', () => {
  it('delivers the payload byte for byte without an envelope', () => {
    const text = ' { "b" : 1,"a":2 } ';
    expect(applyEnvelope(text, JSON.parse(text), null, context)).toBe(text);
  });

  it('puts the contact-centre event and date fields first and keeps the producer bytes after them', () => {
    expect(apply('{"agent":"agentTest", "isLogin":true}', { preset: 'event-date' })).toBe(
      '{"event":"AgentLog","date":"2023-03-13 05:16:22","agent":"agentTest", "isLogin":true}',
    );
  });

  it('writes the chatbot platform’s v and type', () => {
    expect(apply('{"status":"read"}', { preset: 'v-type', v: '1.1' })).toBe(
      '{"v":"1.1","type":"AgentLog","status":"read"}',
    );
  });

  it('lets a field the producer sent win, and handles an empty object', () => {
    expect(apply('{"date":"mine"}', { preset: 'event-date' })).toBe(
      '{"event":"AgentLog","date":"mine"}',
    );
    expect(apply('{ }', { preset: 'event' })).toBe('{"event":"AgentLog" }');
    expect(apply('{"event":"x"}', { preset: 'event' })).toBe('{"event":"x"}');
  });

  it('wraps any JSON verbatim', () => {
    expect(apply('[1, 2]', { preset: 'wrap' })).toBe(
      '{"type":"AgentLog","timestamp":"2023-03-13T05:16:22.123Z","data":[1, 2]}',
    );
  });

  it('reads every source and timestamp format', () => {
    const text = apply('{}', {
      mode: 'merge',
      fields: {
        t: { from: 'eventType' },
        n: { from: 'eventVersion' },
        id: { from: 'messageId' },
        ch: { from: 'channel' },
        s: { from: 'timestamp', format: 'unix' },
        ms: { from: 'timestamp', format: 'unix_ms' },
        c: { value: { nested: [true] } },
      },
    });
    expect(JSON.parse(text)).toEqual({
      t: 'AgentLog',
      n: 2,
      id: 'msg_1',
      ch: 'sms',
      s: 1678684582,
      ms: 1678684582123,
      c: { nested: [true] },
    });
  });

  it('refuses to merge into a payload that is not an object', () => {
    expect(() => apply('[1]', { preset: 'event' })).toThrow(EnvelopeNeedsObject);
    expect(() => apply('"x"', { preset: 'event' })).toThrow(EnvelopeNeedsObject);
  });
});
