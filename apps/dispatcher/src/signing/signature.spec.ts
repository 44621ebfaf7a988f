import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { signWebhook } from './signature.js';

const secretA = `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}`;
const secretB = `whsec_${Buffer.from('b'.repeat(32)).toString('base64')}`;
const payload = '{"event":"message_created","data":{"text":"olá ✓"},"v":"1.1"}';

describe('signWebhook', () => {
  it('produces headers the reference library verifies', () => {
    const headers = signWebhook([secretA], 'msg_1', new Date(), payload);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secretA).verify(payload, { ...headers })).toEqual(JSON.parse(payload));
  });

  it('signs with every secret, space-separated, so either verifies during rotation', () => {
    const headers = signWebhook([secretA, secretB], 'msg_2', new Date(), payload);
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((part) => part.startsWith('v1,'))).toBe(true);
    expect(() => new Webhook(secretA).verify(payload, { ...headers })).not.toThrow();
    expect(() => new Webhook(secretB).verify(payload, { ...headers })).not.toThrow();
  });

  it('uses whole seconds of the signed instant and the message id as webhook-id', () => {
    const at = new Date('2026-11-22T10:00:05.987Z');
    const headers = signWebhook([secretA], 'msg_3', at, payload);
    expect(headers['webhook-id']).toBe('msg_3');
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-11-22T10:00:05Z') / 1_000));
  });

  it('accepts a secret without the whsec_ prefix, as the reference library does', () => {
    const bare = Buffer.from('c'.repeat(24)).toString('base64');
    const headers = signWebhook([bare], 'msg_5', new Date(), payload);
    expect(() => new Webhook(bare).verify(payload, { ...headers })).not.toThrow();
    expect(() => new Webhook(secretA).verify(payload, { ...headers })).toThrow();
  });

  it('does not verify when the body changed by one byte', () => {
    const headers = signWebhook([secretA], 'msg_4', new Date(), payload);
    expect(() => new Webhook(secretA).verify(`${payload} `, { ...headers })).toThrow();
  });
});
