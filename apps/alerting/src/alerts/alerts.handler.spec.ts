import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { AlertSignal } from '@herald/contracts';
import { TransientMessageError } from '@herald/messaging';
import { ManualClock } from '@herald/runtime';
import type { AlertingConfig } from '../config.js';
import type { Destination } from '../destinations/destination.js';
import type { AlertBody } from './alert-body.js';
import { AlertMetrics } from './alert-metrics.js';
import type { AlertRedactor } from './alert-redactor.js';
import type { AlertSender, SendResult } from './alert-sender.js';
import type { AlertStore, Plan } from './alert-store.js';
import { AlertsHandler } from './alerts.handler.js';
import { aSignal } from '../unit-fixtures.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const destination = (id: string, enabled = true) =>
  ({ id, enabled, url: `https://example.com/${id}`, token: `whsec_${id}` }) as Destination;

/** The handler over a scripted plan and sender, recording what it stores. */
function setup(plan: Plan, results: SendResult[] = [], now = T0) {
  const calls: string[] = [];
  const store = {
    plan: () => Promise.resolve(plan),
    delivered: (_a: string, d: string) => (calls.push(`sent:${d}`), Promise.resolve()),
    attemptFailed: (_a: string, d: string) => (calls.push(`failed:${d}`), Promise.resolve()),
    finish: (_a: string, d: string, status: string) => (
      calls.push(`${status}:${d}`),
      Promise.resolve()
    ),
    settle: () => Promise.resolve('sent'),
  } as unknown as AlertStore;
  const posted: AlertBody[] = [];
  const sender = {
    send: (_d: Destination, body: AlertBody) => {
      posted.push(body);
      return Promise.resolve(results.shift() ?? { delivered: true, statusCode: 204 });
    },
  } as unknown as AlertSender;
  const redactor = { redact: <T>(value: T) => value } as unknown as AlertRedactor;
  const registry = new Registry();
  const config = {
    HERALD_ALERT_SUPPRESSION_WINDOW: 600_000,
    HERALD_ALERT_MAX_AGE: 86_400_000,
  } as AlertingConfig;
  const handler = new AlertsHandler(
    store,
    sender,
    redactor,
    new AlertMetrics(registry),
    config,
    new ManualClock(now),
  );
  const count = async (result: string) => {
    const metric = await registry.getSingleMetric('herald_alerts_sent_total')?.get();
    return (
      metric?.values
        .filter((v) => v.labels['result'] === result)
        .reduce((s, v) => s + v.value, 0) ?? 0
    );
  };
  return { handler, calls, posted, count };
}

const pending = (deliveries: Destination[], createdAt = T0): Plan => ({
  status: 'pending',
  fresh: true,
  createdAt,
  suppressedBefore: 0,
  deliveries: deliveries.map((d) => ({ destination: d, attempts: 0 })),
});
const signal: AlertSignal = aSignal('delivery.exhausted');

describe('AlertsHandler', () => {
  it('sends to every pending destination and retries only if one failed', async () => {
    const failure: SendResult = {
      delivered: false,
      error: 'destination answered HTTP 503',
      statusCode: 503,
    };
    const { handler, calls, count } = setup(pending([destination('a'), destination('b')]), [
      { delivered: true, statusCode: 200 },
      failure,
    ]);
    await expect(handler.handle(signal)).rejects.toBeInstanceOf(TransientMessageError);
    expect(calls).toEqual(['sent:a', 'failed:b']);
    expect([await count('sent'), await count('failed')]).toEqual([1, 1]);
  });

  it('tries a test alert once: a failure is recorded, not retried', async () => {
    const failure: SendResult = {
      delivered: false,
      error: 'timed out after 10000 ms',
      statusCode: null,
    };
    const { handler, calls } = setup(pending([destination('a')]), [failure]);
    await handler.handle(aSignal('test'));
    expect(calls).toEqual(['failed:a', 'failed:a']);
  });

  it('gives up on a destination once the alert is older than HERALD_ALERT_MAX_AGE', async () => {
    const { handler, calls, posted, count } = setup(pending([destination('a')], T0 - 86_400_000));
    await handler.handle(signal);
    expect(posted).toEqual([]);
    expect(calls).toEqual(['failed:a']);
    expect(await count('gave_up')).toBe(1);
  });

  it('skips a destination switched off since the alert was routed', async () => {
    const { handler, calls, posted } = setup(pending([destination('a', false)]));
    await handler.handle(signal);
    expect(posted).toEqual([]);
    expect(calls).toEqual(['skipped:a']);
  });

  it('counts a fresh skipped or suppressed alert once, and sends nothing', async () => {
    for (const status of ['skipped', 'suppressed'] as const) {
      const fresh = setup({ status, fresh: true });
      await fresh.handler.handle(signal);
      expect(await fresh.count(status)).toBe(1);
      const again = setup({ status, fresh: false });
      await again.handler.handle(signal);
      expect(await again.count(status)).toBe(0);
      expect([...fresh.posted, ...again.posted]).toEqual([]);
    }
  });
});
