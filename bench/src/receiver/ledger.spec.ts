import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { signStandardWebhook } from '../baseline/sign.js';
import { Ledger, type SignatureHeaders } from './ledger.js';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const verify = (key: string, body: string, headers: SignatureHeaders) => {
  try {
    new Webhook(key).verify(body, { ...headers });
    return true;
  } catch {
    return false;
  }
};

function request(id: string, body: string, key = secret) {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(key, id, timestamp, Buffer.from(body)),
  };
}

const payload = (seq: number, tag = 'p') => JSON.stringify({ tag, seq, t: 100 + seq, pad: 'x' });

function ledger() {
  const l = new Ledger(verify, '/alerts', 'token');
  l.setRoutes([
    { path: '/a', secret, mode: 'ok' },
    { path: '/f', secret, mode: 'fail' },
    { path: '/h', secret, mode: 'hang' },
  ]);
  return l;
}

describe('receiver ledger', () => {
  it('counts a correctly signed bench payload once, with its publish and receipt times', () => {
    const l = ledger();
    expect(l.record('/a', request('m1', payload(1)), payload(1), 150)).toEqual({ status: 200 });
    const report = l.report('p');
    expect(report.unique).toBe(1);
    expect([...report.sent]).toEqual([101]);
    expect([...report.received]).toEqual([150]);
    expect(report.paths[report.pathIndex[0]!]).toBe('/a');
    expect(report.sample).toEqual([{ path: '/a', id: 'm1' }]);
  });

  it('counts a repeated webhook-id, or the same event under another id, as a duplicate', () => {
    const l = ledger();
    l.record('/a', request('m1', payload(1)), payload(1), 1);
    l.record('/a', request('m1', payload(1)), payload(1), 2);
    l.record('/a', request('m2', payload(1)), payload(1), 3);
    expect(l.report('p')).toMatchObject({ unique: 1, duplicates: 2 });
  });

  it('treats the same message on two paths as two deliveries', () => {
    const l = ledger();
    l.setRoutes([{ path: '/b', secret, mode: 'ok' }]);
    l.record('/a', request('m1', payload(1)), payload(1), 1);
    l.record('/b', request('m1', payload(1)), payload(1), 1);
    expect(l.report('p')).toMatchObject({ unique: 2, duplicates: 0 });
  });

  it('refuses a wrong signature and does not count it as a delivery', () => {
    const l = ledger();
    const other = `whsec_${Buffer.from('another secret, 32 bytes long!!!').toString('base64')}`;
    expect(l.record('/a', request('m1', payload(1), other), payload(1), 1)).toEqual({
      status: 400,
    });
    const tampered = payload(1).replace('"x"', '"y"');
    l.record('/a', request('m2', payload(2)), tampered, 1);
    expect(l.report('p')).toMatchObject({ unique: 0, invalidSignature: 2 });
  });

  it('keeps unknown paths and non-bench bodies out of every tag', () => {
    const l = ledger();
    expect(l.record('/nope', request('m1', payload(1)), payload(1), 1)).toEqual({ status: 404 });
    l.record('/a', request('m2', '{"a":1}'), '{"a":1}', 1);
    expect(l.global()).toMatchObject({ requests: 2, unknownPath: 1, badPayload: 1, tags: [] });
  });

  it('answers 500 on failing paths and keeps every failing receipt per message', () => {
    const l = ledger();
    expect(l.record('/f', request('m1', payload(1)), payload(1), 10)).toEqual({ status: 500 });
    l.record('/f', request('m1', payload(1)), payload(1), 20);
    const report = l.report('p');
    expect(report.unique).toBe(0);
    expect(report.failures).toEqual([{ path: '/f', id: 'm1', received: [10, 20] }]);
  });

  it('hangs on hanging paths until the mode changes', () => {
    const l = ledger();
    expect(l.record('/h', request('m1', payload(1)), payload(1), 1)).toBe('hang');
    l.setMode(['/h'], 'ok');
    expect(l.record('/h', request('m2', payload(2)), payload(2), 1)).toEqual({ status: 200 });
    expect(l.report('p')).toMatchObject({ unique: 1, hungRequests: 1 });
  });

  it('records alerts with their token check and flags a repeated alert id', () => {
    const l = ledger();
    const body = JSON.stringify({
      id: 'al1',
      kind: 'delivery.exhausted',
      data: { messageId: 'm1', endpointId: 'e1', attempts: 2 },
    });
    expect(l.record('/alerts', { authorization: 'Bearer token' }, body, 5)).toEqual({
      status: 204,
    });
    expect(l.record('/alerts', { authorization: 'Bearer wrong' }, body, 6)).toEqual({
      status: 401,
    });
    expect(l.alerts).toEqual([
      expect.objectContaining({
        id: 'al1',
        messageId: 'm1',
        attempts: 2,
        authorized: true,
        duplicate: false,
      }),
      expect.objectContaining({ authorized: false, duplicate: true }),
    ]);
  });

  it('forgets a tag, so its figures never leak into a later phase', () => {
    const l = ledger();
    l.record('/a', request('m1', payload(1)), payload(1), 1);
    l.forget(['p']);
    expect(l.counts(['p'])).toEqual({ p: 0 });
  });
});
