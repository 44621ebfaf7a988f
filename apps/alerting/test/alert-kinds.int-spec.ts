import { beforeAll, describe, expect, it } from '@jest/globals';
import { ALERT_KINDS } from '@herald/contracts';
import { verifiedPayload, WebhookReceiver } from '@herald/testing';
import { generateDestinationToken } from '../src/destinations/destination-token.js';
import { ALERT_ROW_SQL, harnessForSuite, signalOf, type AlertRow } from './harness.js';

const TOKEN = generateDestinationToken();
const ENDPOINT = 'ep_alert_kinds';

/**
 * Every alert kind, end to end: alert.v1 → alerting → the operators'
 * destination (HERALD_ALERT_WEBHOOK_URL), signed and with the bearer token;
 * `test` through its REST route.
 */
describe('alerting delivers every alert kind (real NATS + Postgres)', () => {
  const receiver = WebhookReceiver.forSuite();
  const h = harnessForSuite(() => ({
    HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
    HERALD_ALERT_TOKEN: TOKEN,
    HERALD_PUBLIC_API_URL: 'https://herald.example.com',
  }));

  beforeAll(() => {
    receiver.respond('/alerts', () => ({ status: 204 }));
  });

  // In the order an incident produces them, so the resolved notice has something to resolve.
  const kinds = ALERT_KINDS.filter((k) => k !== 'test');

  it.each(kinds)('POSTs a %s alert, signed, with the bearer token', async (kind) => {
    const signal = signalOf(kind, { endpointId: ENDPOINT });
    await h.deliver(signal);
    const posts = receiver
      .on('/alerts')
      .filter((r) => (JSON.parse(r.body) as { id: string }).id === signal.alertId);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(post?.headers['webhook-id']).toBe(signal.alertId);
    const { alertId, kind: k, tenantId, occurredAt, ...data } = signal;
    expect(verifiedPayload(TOKEN, post!)).toEqual({
      id: alertId,
      kind: k,
      status: k === 'endpoint.recovered' ? 'resolved' : 'firing',
      tenantId,
      occurredAt,
      data,
      links: {
        health: `https://herald.example.com/v1/endpoints/${ENDPOINT}/health`,
        attempts:
          k === 'delivery.failing' || k === 'delivery.exhausted'
            ? `https://herald.example.com/v1/endpoints/${ENDPOINT}/attempts?messageId=${'messageId' in data ? data.messageId : ''}`
            : `https://herald.example.com/v1/endpoints/${ENDPOINT}/attempts`,
      },
    });
    const [row] = await h.query<AlertRow>(ALERT_ROW_SQL, [signal.alertId]);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, payload: signal });
    expect(await h.metrics()).toMatch(
      new RegExp(
        `^herald_alerts_sent_total\\{[^}]*kind="${kind}"[^}]*result="sent"[^}]*\\} 1$`,
        'm',
      ),
    );
  });

  it('sends a test alert to a destination on request and reports what it answered', async () => {
    const acme = await h.tenant();
    receiver.respond('/acme', () => ({ status: 200 }));
    const created = await h.api('POST', '/v1/alert-destinations', acme.apiKey, {
      url: receiver.url('/acme'),
    });
    expect(created.status).toBe(201);
    const tested = await h.api(
      'POST',
      `/v1/alert-destinations/${String(created.body.id)}/test`,
      acme.apiKey,
    );
    expect(tested).toEqual({
      status: 200,
      body: { alertId: expect.any(String), status: 'sent', statusCode: 200, error: null },
    });
    const [post, ...more] = receiver.on('/acme');
    expect(more).toEqual([]);
    const body = verifiedPayload(String(created.body.token), post!);
    expect(body).toEqual({
      id: tested.body.alertId,
      kind: 'test',
      status: 'test',
      tenantId: acme.tenantId,
      occurredAt: expect.any(String),
      data: { destinationId: created.body.id, message: expect.stringContaining('test alert') },
      links: {},
    });
    // The test went to that destination only, not to the operators'.
    expect(receiver.on('/alerts').some((r) => r.body.includes('"kind":"test"'))).toBe(false);
  });

  it('never puts the token anywhere but the authorization header and the signing key', async () => {
    const posts = receiver.on('/alerts');
    expect(posts.length).toBeGreaterThanOrEqual(kinds.length);
    for (const post of posts) {
      const { authorization, ...otherHeaders } = post.headers;
      expect(authorization).toBe(`Bearer ${TOKEN}`);
      expect(`${post.body} ${JSON.stringify(otherHeaders)}`).not.toContain(TOKEN);
      expect(`${post.body} ${JSON.stringify(otherHeaders)}`).not.toContain(TOKEN.slice(6));
    }
    const rows = await h.query<unknown>('SELECT * FROM alerts');
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    expect(await h.metrics()).not.toContain(TOKEN);
  });
});
