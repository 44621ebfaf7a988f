import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { parseSecretsKeys, SecretBox } from '@herald/secrets-crypto';
import { AddressPolicy } from '@herald/ssrf';
import { verifiedPayload, WebhookReceiver } from '@herald/testing';
import { generateDestinationToken } from '../destinations/destination-token.js';
import { alertBody, type AlertBody } from './alert-body.js';
import { AlertSender } from './alert-sender.js';
import { aSignal } from '../unit-fixtures.js';

/** An exhausted-delivery alert, as the handler hands it to the sender. */
const body: AlertBody = {
  ...alertBody(aSignal('delivery.exhausted', '1'), {
    apiBaseUrl: null,
    suppressedBefore: 0,
    suppressionWindowMs: 600_000,
  }),
  id: 'alr_1',
  links: {},
};

/** The seam against local HTTP servers: headers, signature, status mapping, deadline, guards. */
describe('AlertSender', () => {
  const receiver = new WebhookReceiver();
  let silent: Server;
  let silentUrl: string;
  const token = generateDestinationToken();
  const local = new AddressPolicy(false, ['127.0.0.0/8']);
  const box = new SecretBox(parseSecretsKeys(`a1:${randomBytes(32).toString('base64')}`));

  beforeAll(async () => {
    await receiver.start();
    receiver.respond('/refuse', () => ({ status: 500, body: `echo: Bearer ${token}` }));
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await receiver.stop();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  const sender = (timeoutMs = 5_000, policy = local) =>
    new AlertSender(
      { HERALD_ALERT_TIMEOUT: timeoutMs, HERALD_ALLOW_PRIVATE_NETWORKS: false },
      policy,
      box,
    );

  it('POSTs the JSON body signed like a webhook, with the token as bearer', async () => {
    // The destination comes from the store with its token encrypted; the sender opens it.
    const result = await sender().send({ url: receiver.url('/ok'), token: box.seal(token) }, body);
    expect(result).toEqual({ delivered: true, statusCode: 204 });
    const [request] = receiver.on('/ok');
    expect(request?.headers['authorization']).toBe(`Bearer ${token}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(/^Herald\/\d+\.\d+\.\d+/);
    expect(request?.headers['webhook-id']).toBe('alr_1');
    expect(verifiedPayload(token, request!)).toEqual(body);
  });

  it('reports a non-2xx answer by status only, never echoing the response', async () => {
    const result = await sender().send({ url: receiver.url('/refuse'), token }, body);
    expect(result).toEqual({
      delivered: false,
      error: 'destination answered HTTP 500',
      statusCode: 500,
    });
  });

  it('gives up at the deadline', async () => {
    expect(await sender(200).send({ url: silentUrl, token }, body)).toEqual({
      delivered: false,
      error: 'timed out after 200 ms',
      statusCode: null,
    });
  });

  it('refuses a destination that resolves to a private address, without sending', async () => {
    const before = receiver.requests.length;
    const strict = sender(5_000, new AddressPolicy(false));
    const url = receiver.url('/ok').replace('127.0.0.1', 'localhost').replace('http:', 'https:');
    const result = await strict.send({ url, token }, body);
    expect(result.delivered).toBe(false);
    expect(JSON.stringify(result)).toMatch(/private or reserved/);
    expect(JSON.stringify(result)).not.toContain(token);
    expect(receiver.requests.length).toBe(before);
  });

  it('refuses plain http to an address outside the development allow-list', async () => {
    const result = await sender().send({ url: 'http://ops.example.com/hook', token }, body);
    expect(result).toMatchObject({ delivered: false, error: expect.stringMatching(/https/) });
  });
});
