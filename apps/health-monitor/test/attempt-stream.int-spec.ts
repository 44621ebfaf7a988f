import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PortalTokens } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { outcomeFor, type SeededTenant } from './fixtures.js';
import { harnessForSuite, type Harness } from './harness.js';

const SIGNING_KEY = randomBytes(32).toString('hex');

/** An open `GET /v1/attempts/stream`: the events read so far, and how to close it. */
async function openStream(h: Harness, token: string, query = '') {
  const controller = new AbortController();
  const response = await fetch(`${h.url()}/v1/attempts/stream${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: { event: string; id: string; data: Record<string, unknown> }[] = [];
  let opened = false;
  if (response.status === 200 && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': stream open')) opened = true;
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((line) => !line.startsWith(':'))
                .map((line) => [
                  line.slice(0, line.indexOf(':')),
                  line.slice(line.indexOf(':') + 2),
                ]),
            ) as Record<string, string>;
            if (fields.event) {
              events.push({
                event: fields.event,
                id: fields.id ?? '',
                data: JSON.parse(fields.data ?? 'null') as Record<string, unknown>,
              });
            }
          }
        }
      } catch {
        // aborted
      }
    })();
    await pollUntil(() => opened, { what: 'the stream to open' });
  }
  return { response, events, close: () => controller.abort() };
}

describe('GET /v1/attempts/stream (Server-Sent Events, real NATS + Postgres)', () => {
  const h = harnessForSuite({
    HERALD_PORTAL_SIGNING_KEY: SIGNING_KEY,
    HERALD_ATTEMPT_STREAMS_PER_TENANT: '3',
  });
  let acme: SeededTenant;
  let globex: SeededTenant;

  beforeAll(async () => {
    acme = await h.tenant();
    globex = await h.tenant();
  });

  it("streams the tenant's new attempts, and never another tenant's", async () => {
    const stream = await openStream(h, acme.apiKey);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const theirs = outcomeFor(globex);
    const ours = outcomeFor(acme, { outcome: 'failure', reason: 'http_status', statusCode: 500 });
    await h.deliver(theirs);
    await h.deliver(ours);
    await pollUntil(() => stream.events.length >= 1, { what: "acme's attempt on the stream" });
    const [first] = stream.events;
    expect(first).toMatchObject({
      event: 'attempt',
      id: ours.attemptId,
      data: {
        attemptId: ours.attemptId,
        endpointId: acme.endpointId,
        messageId: ours.messageId,
        outcome: 'failure',
        statusCode: 500,
      },
    });
    // A later attempt of acme arrives after globex's, so globex's had its chance to leak.
    const next = outcomeFor(acme);
    await h.deliver(next);
    await pollUntil(() => stream.events.length >= 2, { what: "acme's second attempt" });
    expect(stream.events.map((event) => event.id)).toEqual([ours.attemptId, next.attemptId]);
    stream.close();
  });

  it('accepts a portal session token of the tenant and narrows to one endpoint', async () => {
    const token = await new PortalTokens(SIGNING_KEY).sign(
      acme.id,
      'viewer',
      new Date(Date.now() + 60_000),
    );
    const other = '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10';
    const stream = await openStream(h, token, `?endpointId=${other}`);
    const wide = await openStream(h, token);
    const outcome = outcomeFor(acme);
    await h.deliver(outcome);
    await pollUntil(() => wide.events.length >= 1, { what: 'the attempt on the wide stream' });
    expect(stream.events).toEqual([]);
    stream.close();
    wide.close();
  });

  it('refuses a missing key, an expired portal token, a bad filter and too many streams', async () => {
    const none = await fetch(`${h.url()}/v1/attempts/stream`);
    expect(none.status).toBe(401);
    const expired = await new PortalTokens(SIGNING_KEY).sign(
      acme.id,
      'admin',
      new Date(Date.now() - 1_000),
    );
    const refused = await fetch(`${h.url()}/v1/attempts/stream`, {
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'portal_session_expired',
    );
    const bad = await h.send('GET', '/v1/attempts/stream?endpointId=nope', globex.apiKey);
    expect(bad.status).toBe(400);

    const open = [];
    for (let i = 0; i < 3; i += 1) open.push(await openStream(h, globex.apiKey));
    const fourth = await h.send('GET', '/v1/attempts/stream', globex.apiKey);
    expect(fourth.status).toBe(429);
    expect((fourth.body as { error: { code: string } }).error.code).toBe('too_many_streams');
    for (const stream of open) stream.close();
    await pollUntil(
      async () => {
        const again = await openStream(h, globex.apiKey);
        again.close();
        return again.response.status === 200;
      },
      { what: 'a stream slot to free up once the others closed' },
    );
  });
});
