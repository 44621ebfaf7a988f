import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookReceiver } from '@herald/testing';
import { ALERT_KINDS, aSignal } from '../src/alerts/fixtures.js';
import { ALERT_ROW_SQL, startHarness, type AlertRow, type Harness } from './harness.js';

const TOKEN = 'tok_alert_kinds_secret_9f3c';

/** Every alert kind, end to end: alert.v1 → alerting → the operator's webhook. */
describe('alerting delivers every alert kind (real NATS + Postgres)', () => {
  const receiver = new WebhookReceiver();
  let h: Harness;

  beforeAll(async () => {
    await receiver.start();
    receiver.respond('/alerts', () => ({ status: 204 }));
    h = await startHarness({
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: TOKEN,
    });
  });

  afterAll(async () => {
    await h?.close();
    await receiver.stop();
  });

  it.each(ALERT_KINDS)('POSTs a %s alert, unchanged, with the bearer token', async (kind) => {
    const signal = { ...aSignal(kind), occurredAt: new Date().toISOString() };
    await h.deliver(signal);
    const posts = receiver
      .on('/alerts')
      .filter((r) => (JSON.parse(r.body) as { id: string }).id === signal.alertId);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    const { alertId, kind: k, tenantId, occurredAt, ...data } = signal;
    expect(JSON.parse(posts[0]?.body ?? '')).toEqual({
      id: alertId,
      kind: k,
      tenantId,
      occurredAt,
      data,
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

  it('never puts the token anywhere but the authorization header', async () => {
    const posts = receiver.on('/alerts');
    expect(posts.length).toBeGreaterThanOrEqual(ALERT_KINDS.length);
    for (const post of posts) {
      const { authorization, ...otherHeaders } = post.headers;
      expect(authorization).toBe(`Bearer ${TOKEN}`);
      expect(`${post.body} ${JSON.stringify(otherHeaders)}`).not.toContain(TOKEN);
    }
    const rows = await h.query<unknown>('SELECT * FROM alerts');
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    expect(await h.metrics()).not.toContain(TOKEN);
  });
});
