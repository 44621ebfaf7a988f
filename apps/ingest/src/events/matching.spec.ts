import { describe, expect, it } from '@jest/globals';
import { endpointMatches, eventTypeMatches, matchingEndpoints } from './matching.js';

const endpoint = (eventTypes: string[], channels: string[] = [], enabled = true) => ({
  id: eventTypes.join(','),
  tenantId: 't',
  url: 'https://example.com',
  eventTypes,
  channels,
  enabled,
  secrets: ['whsec_x'],
  headers: {},
  timeoutMs: null,
  previousSecret: null,
  concurrency: null,
  rateLimitPerSecond: null,
  retryScheduleMs: null,
  disabledReason: null,
  disabledAt: null,
  updatedAt: '',
});

describe('eventTypeMatches', () => {
  it('matches exact names only', () => {
    expect(eventTypeMatches('message_created', 'message_created')).toBe(true);
    expect(eventTypeMatches('message_created', 'message_updated')).toBe(false);
  });

  it('matches everything with *', () => {
    expect(eventTypeMatches('*', 'anything.at.all')).toBe(true);
  });

  it('matches prefix wildcards on a dot boundary', () => {
    expect(eventTypeMatches('conversation.*', 'conversation.created')).toBe(true);
    expect(eventTypeMatches('conversation.*', 'conversation.status.changed')).toBe(true);
    expect(eventTypeMatches('conversation.*', 'conversation')).toBe(false);
    expect(eventTypeMatches('conversation.*', 'conversations.created')).toBe(false);
  });
});

describe('endpointMatches', () => {
  it('matches a disabled endpoint like an enabled one (the dispatcher holds its tasks)', () => {
    expect(endpointMatches(endpoint(['*'], [], false), 'a', null)).toBe(true);
    expect(endpointMatches(endpoint(['b'], [], false), 'a', null)).toBe(false);
    expect(endpointMatches(endpoint(['a'], ['web'], false), 'a', 'sms')).toBe(false);
  });

  it('accepts every channel when none is listed', () => {
    expect(endpointMatches(endpoint(['a']), 'a', 'whatsapp')).toBe(true);
    expect(endpointMatches(endpoint(['a']), 'a', null)).toBe(true);
  });

  it('requires the event channel to be listed when channels are set', () => {
    expect(endpointMatches(endpoint(['a'], ['web']), 'a', 'web')).toBe(true);
    expect(endpointMatches(endpoint(['a'], ['web']), 'a', 'whatsapp')).toBe(false);
    expect(endpointMatches(endpoint(['a'], ['web']), 'a', null)).toBe(false);
  });
});

describe('matchingEndpoints', () => {
  it('keeps only the endpoints subscribed to the event', () => {
    const all = [endpoint(['a']), endpoint(['b']), endpoint(['*'])];
    expect(matchingEndpoints(all, 'a', null).map((e) => e.id)).toEqual(['a', '*']);
  });

  it('keeps subscribed disabled endpoints, so their messages are held rather than dropped', () => {
    const all = [endpoint(['a']), endpoint(['*'], [], false), endpoint(['b'], [], false)];
    expect(matchingEndpoints(all, 'a', null).map((e) => e.id)).toEqual(['a', '*']);
  });
});
