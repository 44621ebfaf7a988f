import { describe, expect, it } from '@jest/globals';
import type { EndpointView } from '@herald/contracts';
import { anEndpointView } from '@herald/testing';
import { endpointMatches, matchingEndpoints, type EventToMatch } from './matching.js';

const endpoint = (
  eventTypes: string[],
  channels: string[] = [],
  enabled = true,
  payloadFilter: EndpointView['payloadFilter'] = null,
): EndpointView =>
  anEndpointView({ id: eventTypes.join(','), eventTypes, channels, enabled, payloadFilter });

const event = (overrides: Partial<EventToMatch> = {}): EventToMatch => ({
  eventType: 'a',
  version: 1,
  channel: null,
  payload: { status: 'read' },
  ...overrides,
});

describe('endpointMatches', () => {
  it('matches exact names, * and prefix wildcards on a dot boundary', () => {
    expect(endpointMatches(endpoint(['a']), event(), 1)).toBe(true);
    expect(endpointMatches(endpoint(['b']), event(), 1)).toBe(false);
    expect(endpointMatches(endpoint(['*']), event({ eventType: 'x.y' }), 1)).toBe(true);
    const conv = endpoint(['conversation.*']);
    expect(endpointMatches(conv, event({ eventType: 'conversation.status.changed' }), 1)).toBe(
      true,
    );
    expect(endpointMatches(conv, event({ eventType: 'conversations.created' }), 1)).toBe(false);
  });

  it('gives unpinned filters the default version and pinned ones theirs', () => {
    expect(endpointMatches(endpoint(['a']), event({ version: 2 }), 1)).toBe(false);
    expect(endpointMatches(endpoint(['a']), event({ version: 2 }), 2)).toBe(true);
    expect(endpointMatches(endpoint(['a@2']), event({ version: 2 }), 1)).toBe(true);
    expect(endpointMatches(endpoint(['a@2']), event({ version: 1 }), 1)).toBe(false);
  });

  it('matches a disabled endpoint like an enabled one (the dispatcher holds its tasks)', () => {
    expect(endpointMatches(endpoint(['*'], [], false), event(), 1)).toBe(true);
    expect(endpointMatches(endpoint(['b'], [], false), event(), 1)).toBe(false);
  });

  it('accepts every channel when none is listed, else requires the event channel', () => {
    expect(endpointMatches(endpoint(['a']), event({ channel: 'whatsapp' }), 1)).toBe(true);
    expect(endpointMatches(endpoint(['a'], ['web']), event({ channel: 'web' }), 1)).toBe(true);
    expect(endpointMatches(endpoint(['a'], ['web']), event({ channel: 'whatsapp' }), 1)).toBe(
      false,
    );
    expect(endpointMatches(endpoint(['a'], ['web']), event(), 1)).toBe(false);
  });

  it('applies the payload filter to the producer payload', () => {
    const onlyRead = endpoint(['a'], [], true, { status: { $in: ['read'] } });
    expect(endpointMatches(onlyRead, event(), 1)).toBe(true);
    expect(endpointMatches(onlyRead, event({ payload: { status: 'delivered' } }), 1)).toBe(false);
  });
});

describe('matchingEndpoints', () => {
  it('keeps only the endpoints subscribed to the event, disabled ones included', () => {
    const all = [endpoint(['a']), endpoint(['b']), endpoint(['*'], [], false)];
    expect(matchingEndpoints(all, event(), 1).map((e) => e.id)).toEqual(['a', '*']);
  });
});
