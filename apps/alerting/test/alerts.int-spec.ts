import { beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookReceiver } from '@herald/testing';
import { ALERT_ROW_SQL, exhaustedSignal, harnessForSuite, type AlertRow } from './harness.js';

const TOKEN = 'tok_alerting_test_secret';
const EXPECTED_LINKS = (signal: { endpointId: string; messageId: string }) => ({
  health: `/v1/endpoints/${signal.endpointId}/health`,
  attempts: `/v1/endpoints/${signal.endpointId}/attempts?messageId=${signal.messageId}`,
});

describe('alerting with a webhook destination (real NATS + Postgres)', () => {
  const receiver = WebhookReceiver.forSuite();
  /** Alert ids whose next POSTs should be refused, with how many refusals remain. */
  const refusals = new Map<string, number>();
  const h = harnessForSuite(() => ({
    HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
    HERALD_ALERT_TOKEN: TOKEN,
    HERALD_ALERT_TIMEOUT: '5s',
  }));

  const postsOf = (alertId: string) =>
    receiver.on('/alerts').filter((r) => (JSON.parse(r.body) as { id: string }).id === alertId);

  beforeAll(() => {
    receiver.respond('/alerts', (request) => {
      const { id } = JSON.parse(request.body) as { id: string };
      const left = refusals.get(id) ?? 0;
      if (left === 0) return { status: 202 };
      refusals.set(id, left - 1);
      return { status: 503 };
    });
  });

  it('POSTs the alert with the bearer token and records it as sent', async () => {
    const signal = exhaustedSignal();
    await h.deliver(signal);
    const [post, ...more] = postsOf(signal.alertId);
    expect(more).toEqual([]);
    expect(post?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers['user-agent']).toMatch(/^Herald\//);
    const { alertId, kind, tenantId, occurredAt, ...data } = signal;
    expect(JSON.parse(post?.body ?? '')).toEqual({
      id: alertId,
      kind,
      status: 'firing',
      tenantId,
      occurredAt,
      data,
      links: EXPECTED_LINKS(signal as { endpointId: string; messageId: string }),
    });

    const [row] = await h.query<AlertRow>(ALERT_ROW_SQL, [signal.alertId]);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, payload: signal });
    expect(row?.sent_at).toBeInstanceOf(Date);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
  });

  it('sends an alert once even when its signal arrives twice', async () => {
    const signal = exhaustedSignal();
    await h.deliver(signal);
    // A different Nats-Msg-Id gets past JetStream de-duplication, as a re-publish after 2 min would.
    await h.deliver(signal, `${signal.alertId}:again`);
    expect(postsOf(signal.alertId)).toHaveLength(1);
  });

  it('retries with back-off while the destination refuses, then delivers', async () => {
    const signal = exhaustedSignal();
    refusals.set(signal.alertId, 1);
    await h.deliver(signal);
    expect(postsOf(signal.alertId).map((r) => r.receivedAt)).toHaveLength(2);
    const [row] = await h.query<AlertRow>(ALERT_ROW_SQL, [signal.alertId]);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('counts sent and failed alerts in /metrics', async () => {
    const text = await h.metrics();
    const value = (result: string) =>
      Number(
        new RegExp(
          `^herald_alerts_sent_total\\{[^}]*kind="delivery.exhausted"[^}]*result="${result}"[^}]*\\} (\\d+)$`,
          'm',
        ).exec(text)?.[1] ?? 0,
      );
    expect(value('sent')).toBe(3);
    expect(value('failed')).toBe(1);
  });
});
