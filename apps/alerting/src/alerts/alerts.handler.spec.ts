import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { AlertSignal } from '@herald/contracts';
import { TransientMessageError } from '@herald/messaging';
import type { AlertBody } from './alert-body.js';
import type { AlertStatus } from './alert.entity.js';
import { AlertMetrics } from './alert-metrics.js';
import type { AlertSender, SendResult } from './alert-sender.js';
import type { AlertStore } from './alert-store.js';
import { AlertsHandler } from './alerts.handler.js';
import { ALERT_KINDS, aSignal } from './fixtures.js';

const signal: AlertSignal = { ...aSignal('delivery.exhausted'), alertId: 'alr_1' };

/** The handler over an in-memory store and a scripted sender. */
function setup(options: { configured: boolean; results?: SendResult[] }) {
  const rows = new Map<string, { status: AlertStatus; attempts: number; lastError?: string }>();
  const posted: AlertBody[] = [];
  const store = {
    claim: (s: AlertSignal) => {
      if (!rows.has(s.alertId)) rows.set(s.alertId, { status: 'pending', attempts: 0 });
      return Promise.resolve(rows.get(s.alertId)!.status);
    },
    markSent: (id: string) => {
      const row = rows.get(id)!;
      Object.assign(row, { status: 'sent', attempts: row.attempts + 1 });
      return Promise.resolve();
    },
    markSkipped: (id: string) => {
      const row = rows.get(id)!;
      const changed = row.status === 'pending';
      if (changed) row.status = 'skipped';
      return Promise.resolve(changed);
    },
    recordFailure: (id: string, error: string) => {
      const row = rows.get(id)!;
      Object.assign(row, { attempts: row.attempts + 1, lastError: error });
      return Promise.resolve();
    },
  } as unknown as AlertStore;
  const results = [...(options.results ?? [])];
  const sender = {
    configured: options.configured,
    send: (body: AlertBody) => {
      posted.push(body);
      return Promise.resolve(results.shift() ?? { delivered: true });
    },
  } as unknown as AlertSender;
  const registry = new Registry();
  const handler = new AlertsHandler(store, sender, new AlertMetrics(registry));
  const count = async (result: string, kind = 'delivery.exhausted') => {
    const metric = await registry.getSingleMetric('herald_alerts_sent_total')?.get();
    return (
      metric?.values.find((v) => v.labels['result'] === result && v.labels['kind'] === kind)
        ?.value ?? 0
    );
  };
  return { handler, rows, posted, count };
}

describe('AlertsHandler', () => {
  it('sends a new alert once and does not send it again when redelivered', async () => {
    const { handler, rows, posted, count } = setup({ configured: true });
    await handler.handle(signal);
    await handler.handle(signal);
    expect(posted.map((b) => b.id)).toEqual(['alr_1']);
    expect(rows.get('alr_1')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await count('sent')).toBe(1);
  });

  it('records a failed POST and throws a transient error so the transport retries', async () => {
    const failure: SendResult = { delivered: false, error: 'destination answered HTTP 503' };
    const { handler, rows, posted, count } = setup({ configured: true, results: [failure] });
    await expect(handler.handle(signal)).rejects.toBeInstanceOf(TransientMessageError);
    expect(rows.get('alr_1')).toEqual({
      status: 'pending',
      attempts: 1,
      lastError: 'destination answered HTTP 503',
    });
    await handler.handle(signal);
    expect(posted).toHaveLength(2);
    expect(rows.get('alr_1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect([await count('failed'), await count('sent')]).toEqual([1, 1]);
  });

  it('stores the alert as skipped, once, when no destination is configured', async () => {
    const { handler, rows, posted, count } = setup({ configured: false });
    await handler.handle(signal);
    await handler.handle(signal);
    expect(posted).toEqual([]);
    expect(rows.get('alr_1')?.status).toBe('skipped');
    expect(await count('skipped')).toBe(1);
  });

  it.each(ALERT_KINDS)(
    'sends a %s alert once, its body unchanged, counted under its kind',
    async (kind) => {
      const { handler, rows, posted, count } = setup({ configured: true });
      const one = aSignal(kind);
      await handler.handle(one);
      await handler.handle(one);
      const { alertId, kind: k, tenantId, occurredAt, ...data } = one;
      expect(posted).toEqual([{ id: alertId, kind: k, tenantId, occurredAt, data }]);
      expect(rows.get(alertId)?.status).toBe('sent');
      expect(await count('sent', kind)).toBe(1);
    },
  );
});
