import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { requestHeaders } from './request-headers.js';

const secret = `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`;

const build = (headers: Record<string, string>, basicAuth: string | null = null) =>
  requestHeaders({
    endpoint: { secrets: [secret], headers },
    messageId: 'msg_1',
    payload: '{"a":1}',
    at: new Date(),
    userAgent: 'Herald/1.2.3',
    basicAuth,
  });

describe('requestHeaders', () => {
  it('sends content type, user agent, Standard Webhooks headers and custom headers', () => {
    const headers = build({ 'X-Tenant-Token': 'abc' });
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Herald/1.2.3',
      'webhook-id': 'msg_1',
      'x-tenant-token': 'abc',
    });
    expect(() => new Webhook(secret).verify('{"a":1}', headers)).not.toThrow();
  });

  it('never lets custom headers replace Herald-owned ones, whatever their case', () => {
    const headers = build({
      'Content-Type': 'text/plain',
      'USER-AGENT': 'evil',
      'Webhook-Signature': 'v1,forged',
      Host: 'elsewhere',
      'Transfer-Encoding': 'chunked',
      'Content-Encoding': 'gzip',
      'Webhook-Version': 'forged',
    });
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Herald/1.2.3');
    expect(headers['webhook-signature']).not.toContain('forged');
    expect(headers['host']).toBeUndefined();
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers['webhook-version']).toBeUndefined();
  });

  it('uses URL credentials as authorization unless the endpoint sets its own', () => {
    expect(build({}, 'Basic dTpw')['authorization']).toBe('Basic dTpw');
    expect(build({ Authorization: 'Bearer t' }, 'Basic dTpw')['authorization']).toBe('Bearer t');
  });
});
