import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookReceiver } from '@herald/testing';
import type { AlertBody } from './alert-body.js';
import { AlertSender } from './alert-sender.js';

const body: AlertBody = {
  id: 'alr_1',
  kind: 'delivery.exhausted',
  tenantId: 'ten_1',
  occurredAt: '2026-11-22T10:00:00.000Z',
  data: {
    endpointId: 'ep_1',
    endpointUrl: 'https://example.com/hook',
    messageId: 'msg_1',
    eventType: 'invoice.paid',
    attempts: 8,
    statusCode: 503,
    error: 'HTTP 503',
  },
};

/** The seam against a local HTTP server: headers, status mapping, deadline. */
describe('AlertSender', () => {
  const receiver = new WebhookReceiver();
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    await receiver.start();
    receiver.respond('/refuse', () => ({ status: 500, body: 'echo: Bearer tok_secret' }));
    // Accepts the request and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await receiver.stop();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  const sender = (url: string, timeoutMs = 5_000) =>
    new AlertSender({ url, token: 'tok_secret', timeoutMs });

  it('POSTs the JSON body with the bearer token, content type and user agent', async () => {
    expect(await sender(receiver.url('/ok')).send(body)).toEqual({ delivered: true });
    const [request] = receiver.on('/ok');
    expect(request?.headers['authorization']).toBe('Bearer tok_secret');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(/^Herald\/\d+\.\d+\.\d+/);
    expect(JSON.parse(request?.body ?? '')).toEqual(body);
  });

  it('reports a non-2xx answer by status only, never echoing the response', async () => {
    const result = await sender(receiver.url('/refuse')).send(body);
    expect(result).toEqual({ delivered: false, error: 'destination answered HTTP 500' });
  });

  it('gives up at the deadline', async () => {
    expect(await sender(silentUrl, 200).send(body)).toEqual({
      delivered: false,
      error: 'timed out after 200 ms',
    });
  });

  it('reports a refused connection without the token', async () => {
    const result = await sender('http://127.0.0.1:9/').send(body);
    expect(result.delivered).toBe(false);
    expect(JSON.stringify(result)).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(result)).not.toContain('tok_secret');
  });

  it('reports, rather than sends, when no destination is configured', async () => {
    const none = new AlertSender(null);
    expect(none.configured).toBe(false);
    expect((await none.send(body)).delivered).toBe(false);
  });
});
