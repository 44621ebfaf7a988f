import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { randomBytes } from 'node:crypto';
import { parseSecretsKeys, SecretBox } from '@herald/secrets-crypto';
import { AddressPolicy } from '@herald/ssrf';
import { signatureHeaders, verifiedPayload } from '@herald/testing';
import { aTask, anEndpoint } from '../unit-fixtures.js';
import { systemClock } from '@herald/runtime';
import { WebhookSender } from './webhook-sender.js';

/**
 * The sender against a real local HTTP server: what undici really raises must
 * land on the right reason.
 */
type Seen = { path: string; headers: IncomingMessage['headers']; body: string };
const seen: Seen[] = [];
const routes: Record<string, (res: ServerResponse, req: IncomingMessage) => void> = {
  '/ok': (res) => res.writeHead(204).end(),
  '/redirect': (res) => res.writeHead(302, { location: '/ok' }).end(),
  '/big': (res) => res.writeHead(500).end('x'.repeat(1_000_000)),
  '/cut': (res) => {
    res.writeHead(502, { 'content-length': '100000' }).write('partial');
    setImmediate(() => res.socket?.destroy());
  },
  '/hang': () => undefined,
  '/reset': (_res, req) => req.socket.destroy(),
  '/busy': (res) => res.writeHead(429, { 'retry-after': '7' }).end(),
  '/down': (res) => res.writeHead(503, { 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' }).end(),
  '/teapot': (res) => res.writeHead(500, { 'retry-after': '7' }).end(),
  '/echo': (res, req) => res.writeHead(400).end(JSON.stringify(req.headers)),
};

const box = new SecretBox(parseSecretsKeys(`t1:${randomBytes(32).toString('base64')}`));

describe('WebhookSender (local HTTP server)', () => {
  let server: Server;
  let base: string;
  const allowLoopback = new AddressPolicy(false, ['127.0.0.0/8']);
  const sender = new WebhookSender(
    allowLoopback,
    { defaultTimeoutMs: 2_000, userAgent: 'Herald/test', retryAfterCapMs: 3_600_000 },
    systemClock,
    box,
  );
  const send = (url: string, overrides: Parameters<typeof anEndpoint>[0] = {}) =>
    sender.send(anEndpoint({ url, ...overrides }), aTask({ payload: '{"v":"1.1","x":[1, 2]}' }));

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        (routes[req.url ?? ''] ?? routes['/ok']!)(res, req);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sender.onApplicationShutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the payload byte for byte, signed, with custom headers', async () => {
    const endpoint = anEndpoint({ url: `${base}/ok`, headers: { 'X-Api-Key': 'k-123' } });
    const result = await sender.send(endpoint, aTask({ payload: '{"v":"1.1","x":[1, 2]}' }));
    expect(result).toMatchObject({ outcome: 'success', reason: 'delivered', statusCode: 204 });
    const request = seen.at(-1)!;
    expect(request.body).toBe('{"v":"1.1","x":[1, 2]}');
    expect(request.headers['x-api-key']).toBe('k-123');
    expect(request.headers['user-agent']).toBe('Herald/test');
    expect(request.headers['content-type']).toBe('application/json');
    expect(() => verifiedPayload(endpoint.secrets[0]!, request)).not.toThrow();
  });

  it('decrypts sealed secrets and header values for the request', async () => {
    const plain = anEndpoint({ url: `${base}/echo`, headers: { 'X-Api-Key': 'k-sealed' } });
    const sealed = {
      ...plain,
      secrets: plain.secrets.map((secret) => box.seal(secret)),
      headers: box.sealValues(plain.headers),
    };
    expect(JSON.stringify(sealed)).not.toContain('k-sealed');
    const result = await sender.send(sealed, aTask({ payload: '{"a":1}' }));
    const request = seen.at(-1)!;
    expect(request.headers['x-api-key']).toBe('k-sealed');
    expect(() => verifiedPayload(plain.secrets[0]!, request)).not.toThrow();
    // The receiver echoed the headers: the attempt log keeps them redacted.
    expect(result.responseBody).not.toContain('k-sealed');
    expect(result.responseBody).toContain('[redacted]');
  });

  it("opens an unchanged endpoint's sealed values once, and a changed one's again", async () => {
    const opened: string[] = [];
    const counting = Object.create(box) as SecretBox;
    counting.open = (stored: string) => {
      opened.push(stored);
      return box.open(stored);
    };
    const spying = new WebhookSender(
      allowLoopback,
      { defaultTimeoutMs: 2_000, userAgent: 'H', retryAfterCapMs: 3_600_000 },
      systemClock,
      counting,
    );
    try {
      const plain = anEndpoint({ url: `${base}/ok` });
      const endpoint = { ...plain, secrets: plain.secrets.map((secret) => box.seal(secret)) };
      for (let i = 0; i < 3; i++) {
        expect((await spying.send(endpoint, aTask())).outcome).toBe('success');
        expect(() => verifiedPayload(plain.secrets[0]!, seen.at(-1)!)).not.toThrow();
      }
      expect(opened).toEqual(endpoint.secrets);
      // The registry replaced the secret: the new view signs with the new one.
      const rotated = `whsec_${Buffer.from('n'.repeat(32)).toString('base64')}`;
      await spying.send({ ...endpoint, secrets: [box.seal(rotated)] }, aTask());
      expect(() => verifiedPayload(rotated, seen.at(-1)!)).not.toThrow();
      expect(() => verifiedPayload(plain.secrets[0]!, seen.at(-1)!)).toThrow();
      // The same view object with a field replaced is not served from what was kept.
      endpoint.secrets = [box.seal(rotated)];
      await spying.send(endpoint, aTask());
      expect(() => verifiedPayload(rotated, seen.at(-1)!)).not.toThrow();
      endpoint.url = `${base}/moved`;
      await spying.send(endpoint, aTask());
      expect(seen.at(-1)!.path).toBe('/moved');
      expect(opened).toHaveLength(4);
    } finally {
      await spying.onApplicationShutdown();
    }
  });

  it("requests the URL's path and query as they are, and never its fragment", async () => {
    const before = seen.length;
    const result = await send(`${base}/ok/deep%2Fer?tenant=t%201&x=1&x=2#section`);
    expect(result).toMatchObject({ outcome: 'success', statusCode: 204 });
    expect(seen.slice(before).map((r) => r.path)).toEqual(['/ok/deep%2Fer?tenant=t%201&x=1&x=2']);
    expect(seen.at(-1)!.headers['host']).toBe(new URL(base).host);
  });

  it('does not follow redirects: a 302 is a failure and /ok is never called', async () => {
    const before = seen.length;
    const result = await send(`${base}/redirect`);
    expect(result).toMatchObject({ outcome: 'failure', reason: 'http_status', statusCode: 302 });
    expect(seen.slice(before).map((r) => r.path)).toEqual(['/redirect']);
  });

  it('keeps at most 4 KiB of the response body, and goes on after dropping the rest', async () => {
    const result = await send(`${base}/big`);
    expect(result.statusCode).toBe(500);
    expect(result.responseBody).toHaveLength(4_096);
    expect(await send(`${base}/ok`)).toMatchObject({ outcome: 'success', statusCode: 204 });
  });

  it('keeps the status of a response whose body is cut off, without its body', async () => {
    const result = await send(`${base}/cut`);
    expect(result).toMatchObject({ outcome: 'failure', statusCode: 502, responseBody: null });
  });

  it('times out at the endpoint deadline', async () => {
    const result = await send(`${base}/hang`, { timeoutMs: 150 });
    expect(result).toMatchObject({ reason: 'timeout', statusCode: null, responseBody: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(140);
    expect(result.latencyMs).toBeLessThan(1_500);
  });

  it('reports a reset connection', async () => {
    expect((await send(`${base}/reset`)).reason).toBe('connection_reset');
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await send(`http://127.0.0.1:${port}/x`)).reason).toBe('connection_refused');
  });

  it('refuses private addresses at connect time, by hostname and by IP literal', async () => {
    const strict = new WebhookSender(
      new AddressPolicy(false),
      { defaultTimeoutMs: 2_000, userAgent: 'H', retryAfterCapMs: 3_600_000 },
      systemClock,
      box,
    );
    const before = seen.length;
    const port = (server.address() as AddressInfo).port;
    try {
      const byName = await strict.send(anEndpoint({ url: `http://localhost:${port}/ok` }), aTask());
      const byIp = await strict.send(anEndpoint({ url: `http://127.0.0.1:${port}/ok` }), aTask());
      expect(byName).toMatchObject({ outcome: 'failure', reason: 'ssrf_blocked' });
      expect(byName.error).toContain('localhost');
      expect(byIp).toMatchObject({ outcome: 'failure', reason: 'ssrf_blocked' });
      expect(seen.length).toBe(before);
    } finally {
      await strict.onApplicationShutdown();
    }
  });

  it('reports an invalid URL and a failed DNS lookup', async () => {
    expect((await send('ftp://example.com/x')).reason).toBe('invalid_url');
    expect((await send('http://no-such-host.invalid/x')).reason).toBe('dns');
  });

  it('sends URL credentials as Basic auth and never shows them', async () => {
    const result = await send(
      `http://user:pa55word@127.0.0.1:${(server.address() as AddressInfo).port}/ok`,
    );
    expect(result.url).toBe(`${base}/ok`);
    expect(seen.at(-1)!.headers.authorization).toBe(
      `Basic ${Buffer.from('user:pa55word').toString('base64')}`,
    );
  });

  it('honours Retry-After on 429 and 503 (capped), and only there', async () => {
    expect((await send(`${base}/busy`)).retryAfterMs).toBe(7_000);
    expect((await send(`${base}/down`)).retryAfterMs).toBe(3_600_000);
    expect((await send(`${base}/teapot`)).retryAfterMs).toBeNull();
  });

  it('keeps no request secret in the stored response body, even when the receiver echoes it', async () => {
    const result = await send(`${base}/echo`, { headers: { 'X-Api-Key': 'very-secret-key' } });
    expect(result.statusCode).toBe(400);
    expect(result.responseBody).toContain('[redacted]');
    expect(result.responseBody).not.toContain('very-secret-key');
  });

  it('signs with the new and the rotated-out secret during the grace period', async () => {
    const endpoint = anEndpoint({ url: `${base}/ok` });
    const rotatedOut = `whsec_${Buffer.from('o'.repeat(32)).toString('base64')}`;
    await sender.send(
      { ...endpoint, previousSecret: { secret: rotatedOut, expiresAt: '2100-01-01T00:00:00Z' } },
      aTask(),
    );
    const request = seen.at(-1)!;
    const headers = signatureHeaders(request.headers);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secrets[0]!, rotatedOut]) {
      expect(() => new Webhook(secret).verify(request.body, headers)).not.toThrow();
    }
  });
});
