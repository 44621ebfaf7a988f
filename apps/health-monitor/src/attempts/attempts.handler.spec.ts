import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import type { Publisher } from '@herald/messaging';
import { alertIdFor } from '../alerts/alert-id.js';
import type { EndpointSettingsStore } from '../windows/endpoint-settings.store.js';
import { ManualClock } from '@herald/runtime';
import type { PolicyRunner } from '../enforcement/policy-runner.js';
import type { HealthSettings } from '../settings.js';
import { DEFAULT_WINDOW_SETTINGS } from '../windows/endpoint-window.js';
import { HealthWindows } from '../windows/health-windows.js';
import type { WindowHistory } from '../windows/window-history.js';
import { WindowKeeper } from '../windows/window-keeper.js';
import type { AttemptWriter } from './attempt-writer.js';
import { AttemptsHandler } from './attempts.handler.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../testing/outcomes.js';

/** The handler wired to an in-memory writer, windows and policies, a recording publisher, a private registry. */
function setup() {
  const stored = new Set<string>();
  /** Attempt ids whose write fails. */
  const refused = new Set<string>();
  const published: { topic: string; key: string; payload: AlertSignal; msgId: string }[] = [];
  const observed: { attemptId: string; inserted: boolean }[] = [];
  const policyObserved: { attemptId: string; inserted: boolean }[] = [];
  const raised: string[] = [];
  const writer = {
    record: (o: AttemptOutcome) => {
      if (refused.has(o.attemptId)) return Promise.reject(new Error(`refused ${o.attemptId}`));
      const fresh = !stored.has(o.attemptId);
      stored.add(o.attemptId);
      return Promise.resolve(fresh);
    },
  } as unknown as AttemptWriter;
  const publisher = {
    publish: (topic: string, key: string, payload: AlertSignal, msgId: string) => {
      published.push({ topic, key, payload, msgId });
      return Promise.resolve();
    },
  } as unknown as Publisher;
  const policies = {
    raised: (signal: AlertSignal) => {
      raised.push(signal.kind);
      return Promise.resolve();
    },
    observe: (o: AttemptOutcome, inserted: boolean) => {
      // One runner applies every policy: the pause window and the streak see the same calls.
      observed.push({ attemptId: o.attemptId, inserted });
      policyObserved.push({ attemptId: o.attemptId, inserted });
      return Promise.resolve();
    },
  } as unknown as PolicyRunner;
  const slowThresholds = new Map<string, number>();
  const endpointSettings = {
    slowThreshold: (id: string) => slowThresholds.get(id) ?? null,
  } as unknown as EndpointSettingsStore;
  const windows = new HealthWindows(DEFAULT_WINDOW_SETTINGS);
  const now = Date.parse('2026-11-22T10:00:30.000Z');
  const settings = { defaultSlowMs: 2_000, failingAfterAttempts: 3 } as HealthSettings;
  const registry = new Registry();
  const handler = new AttemptsHandler(
    writer,
    new DeliveryMetrics(registry),
    publisher,
    new WindowKeeper(
      windows,
      {} as WindowHistory,
      endpointSettings,
      new ManualClock(now),
      settings,
    ),
    policies,
    settings,
  );
  const count = async (labels: string) => {
    const text = await registry.metrics();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`herald_delivery_attempts_total{${labels}}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return {
    handler,
    refused,
    published,
    observed,
    policyObserved,
    raised,
    registry,
    count,
    windows,
    now,
    slowThresholds,
  };
}

describe('AttemptsHandler', () => {
  it('counts an outcome once even when it is delivered twice', async () => {
    const { handler, count, registry } = setup();
    await handler.handle(anOutcome());
    await handler.handle(anOutcome());
    expect(await count('outcome="success",reason="delivered"')).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('herald_delivery_duration_seconds_count{outcome="success"} 1');
    expect(text).toContain(
      'herald_delivery_duration_seconds_bucket{le="0.05",outcome="success"} 1',
    );
  });

  it('publishes no alert for a success or a failure that will be retried', async () => {
    const { handler, published } = setup();
    await handler.handle(anOutcome());
    await handler.handle(aFinalFailure({ attemptId: 'att_2', final: false }));
    expect(published).toEqual([]);
  });

  it('publishes a delivery.exhausted alert keyed by kind, with the alert id as msgId', async () => {
    const { handler, published } = setup();
    await handler.handle(aFinalFailure({ statusCode: 500 }));
    const alertId = alertIdFor('delivery.exhausted', 'msg_1', 'ep_1');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      topic: 'alert.v1',
      key: 'delivery.exhausted',
      msgId: alertId,
      payload: { kind: 'delivery.exhausted', alertId, statusCode: 500 },
    });
  });

  it('publishes only an endpoint.disabled alert for a 410', async () => {
    const { handler, published } = setup();
    await handler.handle(aGoneOutcome());
    const alertId = alertIdFor('endpoint.disabled', 'att_1', 'ep_1');
    expect(published).toEqual([
      {
        topic: 'alert.v1',
        key: 'endpoint.disabled',
        msgId: alertId,
        payload: expect.objectContaining({
          kind: 'endpoint.disabled',
          reason: 'endpoint_gone',
          statusCode: 410,
        }),
      },
    ]);
  });

  it('re-publishes the alert for a duplicate final failure, without counting it again', async () => {
    const { handler, published, count } = setup();
    const failed = aFinalFailure({ reason: 'timeout', statusCode: null });
    await handler.handle(failed);
    await handler.handle(failed);
    expect(published.map((p) => p.msgId)).toEqual([published[0]?.msgId, published[0]?.msgId]);
    expect(await count('outcome="failure",reason="timeout"')).toBe(1);
  });

  it('hands every outcome to the pause policy, saying whether it was new', async () => {
    const { handler, observed } = setup();
    await handler.handle(aFinalFailure());
    await handler.handle(aFinalFailure());
    expect(observed).toEqual([
      { attemptId: 'att_1', inserted: true },
      { attemptId: 'att_1', inserted: false },
    ]);
  });

  it('hands every outcome to the disable and recovery policies, and every alert it raises', async () => {
    const { handler, policyObserved, raised } = setup();
    await handler.handle(aGoneOutcome());
    await handler.handle(aGoneOutcome());
    expect(policyObserved).toEqual([
      { attemptId: 'att_1', inserted: true },
      { attemptId: 'att_1', inserted: false },
    ]);
    expect(raised).toEqual(['endpoint.disabled', 'endpoint.disabled']);
  });

  it('counts a new attempt into the endpoint’s window once, slow by the endpoint’s own threshold', async () => {
    const { handler, windows, now, slowThresholds } = setup();
    slowThresholds.set('ep_1', 100);
    await handler.handle(anOutcome({ latencyMs: 150, at: '2026-11-22T10:00:01.000Z' }));
    await handler.handle(anOutcome({ latencyMs: 150, at: '2026-11-22T10:00:01.000Z' }));
    await handler.handle(
      anOutcome({
        attemptId: 'att_2',
        endpointId: 'ep_2',
        latencyMs: 150,
        at: '2026-11-22T10:00:02.000Z',
      }),
    );
    expect(windows.get('ep_1')?.window.figures(now).totals).toEqual({
      successful: 0,
      slow: 1,
      error: 0,
      rejected: 0,
    });
    expect(windows.get('ep_2')?.window.figures(now).totals).toMatchObject({
      successful: 1,
      slow: 0,
    });
  });

  it('stores and observes every outcome of a batch, in the order they were published', async () => {
    const { handler, observed, policyObserved, count } = setup();
    await handler.handle(anOutcome({ attemptId: 'att_0' }));
    await handler.handle({
      outcomes: [
        anOutcome({ attemptId: 'att_1' }),
        anOutcome({ attemptId: 'att_0' }),
        anOutcome({ attemptId: 'att_2', endpointId: 'ep_2' }),
      ],
    });
    expect(observed).toEqual([
      { attemptId: 'att_0', inserted: true },
      { attemptId: 'att_1', inserted: true },
      { attemptId: 'att_0', inserted: false },
      { attemptId: 'att_2', inserted: true },
    ]);
    expect(policyObserved).toEqual(observed);
    expect(await count('outcome="success",reason="delivered"')).toBe(3);
  });

  it('fails a batch with an outcome it cannot store, having counted the others once', async () => {
    const { handler, refused, observed, count } = setup();
    refused.add('att_2');
    const batch = {
      outcomes: [
        anOutcome({ attemptId: 'att_1' }),
        anOutcome({ attemptId: 'att_2' }),
        anOutcome({ attemptId: 'att_3' }),
      ],
    };
    await expect(handler.handle(batch)).rejects.toThrow('refused att_2');
    expect(observed).toEqual([
      { attemptId: 'att_1', inserted: true },
      { attemptId: 'att_3', inserted: true },
    ]);
    // The redelivery, once the write succeeds: only the outcome that failed is new.
    refused.clear();
    await handler.handle(batch);
    expect(observed.slice(2)).toEqual([
      { attemptId: 'att_1', inserted: false },
      { attemptId: 'att_2', inserted: true },
      { attemptId: 'att_3', inserted: false },
    ]);
    expect(await count('outcome="success",reason="delivered"')).toBe(3);
  });
});
