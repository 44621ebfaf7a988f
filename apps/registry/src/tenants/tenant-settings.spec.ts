import { describe, expect, it } from '@jest/globals';
import {
  channelConflicts,
  endpointRuleProblems,
  settingColumns,
  settingsConflicts,
  settingsInputSchema,
} from './tenant-settings.js';

const open = { httpsOnly: false, maxUrlLength: 2048, uniqueChannelEndpoint: false };

describe('endpointRuleProblems', () => {
  it('accepts anything under the default settings', () => {
    expect(endpointRuleProblems({ url: 'http://x.example/h', channels: [] }, open)).toEqual([]);
  });

  it('applies httpsOnly, maxUrlLength and uniqueChannelEndpoint', () => {
    const strict = { httpsOnly: true, maxUrlLength: 32, uniqueChannelEndpoint: true };
    expect(
      endpointRuleProblems({ url: `http://x.example/${'a'.repeat(40)}`, channels: [] }, strict),
    ).toEqual([
      { field: 'url', reason: expect.stringContaining('at most 32') as unknown },
      { field: 'url', reason: expect.stringContaining('https://') as unknown },
      { field: 'channels', reason: expect.stringContaining('at least one channel') as unknown },
    ]);
    expect(endpointRuleProblems({ url: 'HTTPS://x.example/h', channels: ['web'] }, strict)).toEqual(
      [],
    );
  });
});

describe('channelConflicts', () => {
  it('names each shared channel and the other endpoint, ignoring the endpoint itself', () => {
    const others = [
      { id: 'a', channels: ['web', 'sms'] },
      { id: 'b', channels: ['whatsapp'] },
    ];
    expect(channelConflicts({ id: 'c', channels: ['sms', 'whatsapp', 'x'] }, others)).toEqual([
      { channel: 'sms', endpointId: 'a' },
      { channel: 'whatsapp', endpointId: 'b' },
    ]);
    expect(channelConflicts({ id: 'a', channels: ['web'] }, others)).toEqual([]);
  });
});

describe('settingsConflicts', () => {
  it('lists every endpoint the new settings would break', () => {
    const endpoints = [
      { id: 'a', url: 'http://x.example/a', channels: ['web'] },
      { id: 'b', url: 'https://x.example/b', channels: ['web'] },
    ];
    expect(settingsConflicts({ ...open, httpsOnly: true }, endpoints)).toEqual([
      { field: 'endpoints.a.url', reason: expect.stringContaining('https') as unknown },
    ]);
    expect(settingsConflicts({ ...open, uniqueChannelEndpoint: true }, endpoints)).toEqual([
      { field: 'endpoints.a.channels', reason: 'channel "web" is also used by endpoint b' },
    ]);
  });
});

describe('settingsInputSchema', () => {
  it('caps maxUrlLength at the platform limit and parses the retry schedule', () => {
    const schema = settingsInputSchema(4096);
    expect(schema.safeParse({ maxUrlLength: 5000 }).success).toBe(false);
    expect(schema.safeParse({ maxUrlLength: 31 }).success).toBe(false);
    expect(schema.safeParse({ other: 1 }).success).toBe(false);
    const parsed = schema.parse({ maxUrlLength: 256, retrySchedule: ['5s', '1m'] });
    expect(settingColumns(parsed)).toEqual({ maxUrlLength: 256, retryScheduleMs: [5000, 60000] });
    expect(settingColumns(schema.parse({ retrySchedule: null }))).toEqual({
      retryScheduleMs: null,
    });
  });
});
