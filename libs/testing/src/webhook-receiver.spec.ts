import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookReceiver } from './webhook-receiver.js';

describe('WebhookReceiver', () => {
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  it('answers per path and per request', async () => {
    receiver.respond('/flaky', (_req, nth) =>
      nth === 1 ? { status: 503, retryAfter: 7 } : { status: 200, body: 'ok' },
    );
    const first = await fetch(receiver.url('/flaky'), { method: 'POST', body: '{}' });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    const second = await fetch(receiver.url('/flaky'), { method: 'POST', body: '{}' });
    expect(await second.text()).toBe('ok');
  });

  it('redirects without being asked twice', async () => {
    receiver.respond('/moved', () => ({ redirectTo: 'https://example.com/elsewhere' }));
    const response = await fetch(receiver.url('/moved'), { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/elsewhere');
  });

  it('resets the connection when told to', async () => {
    receiver.respond('/reset', () => ({ reset: true }));
    await expect(fetch(receiver.url('/reset'), { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('delays answers and records how many requests overlapped', async () => {
    receiver.respond('/slow', () => ({ status: 200, delayMs: 100 }));
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => fetch(receiver.url('/slow'), { method: 'POST' })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(receiver.maxConcurrent.get('/slow')).toBe(3);
  });

  it('hangs until the caller gives up', async () => {
    receiver.respond('/hang', () => ({ hang: true }));
    await expect(
      fetch(receiver.url('/hang'), { method: 'POST', signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
  });
});
