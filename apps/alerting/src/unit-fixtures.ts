import { randomBytes } from 'node:crypto';
import type { AlertKind, AlertSignal } from '@herald/contracts';

type SignalOf<K extends AlertKind> = Extract<AlertSignal, { kind: K }>;

/** Where the endpoint signals happened. */
const ON_ENDPOINT = {
  tenantId: 'ten_1',
  endpointId: 'ep_1',
  endpointUrl: 'https://example.com/hook',
};

/** The endpoint and message of a delivery signal. */
const aDelivery = (suffix: string) => ({
  ...ON_ENDPOINT,
  messageId: `msg_${suffix}`,
  eventType: 'invoice.paid',
});

/**
 * One signal of every kind, as the health-monitor publishes it, for tests.
 * Typed as a map over `AlertKind`, so a new kind fails to compile until it
 * has a fixture here — and with it, the tests that iterate over every kind.
 */
const builders: { [K in AlertKind]: (suffix: string) => SignalOf<K> } = {
  'delivery.failing': (suffix) => ({
    kind: 'delivery.failing',
    alertId: `alr_fa_${suffix}`,
    ...aDelivery(suffix),
    attempts: 3,
    statusCode: 502,
    reason: 'http_status',
    error: 'HTTP 502',
    nextAttemptAt: '2026-11-22T10:30:00.000Z',
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'delivery.exhausted': (suffix) => ({
    kind: 'delivery.exhausted',
    alertId: `alr_ex_${suffix}`,
    ...aDelivery(suffix),
    attempts: 8,
    statusCode: 503,
    error: 'HTTP 503',
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'endpoint.disabled': (suffix) => ({
    kind: 'endpoint.disabled',
    alertId: `alr_di_${suffix}`,
    ...ON_ENDPOINT,
    reason: 'endpoint_gone',
    statusCode: 410,
    failingSince: null,
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'endpoint.paused': (suffix) => ({
    kind: 'endpoint.paused',
    alertId: `alr_pa_${suffix}`,
    ...ON_ENDPOINT,
    failures: 101,
    windowMs: 600_000,
    until: '2026-11-22T10:10:00.000Z',
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'endpoint.disable_warning': (suffix) => ({
    kind: 'endpoint.disable_warning',
    alertId: `alr_dw_${suffix}`,
    ...ON_ENDPOINT,
    percent: 50,
    failingSince: '2026-11-20T10:00:00.000Z',
    disableAt: '2026-11-25T10:00:00.000Z',
    failures: 420,
    statusCode: 503,
    error: 'HTTP 503',
    occurredAt: '2026-11-22T22:00:00.000Z',
  }),
  'endpoint.recovered': (suffix) => ({
    kind: 'endpoint.recovered',
    alertId: `alr_re_${suffix}`,
    ...ON_ENDPOINT,
    resolves: ['endpoint.paused'],
    incidentSince: '2026-11-22T09:50:00.000Z',
    failures: 101,
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  test: (suffix) => ({
    kind: 'test',
    alertId: `alr_te_${suffix}`,
    tenantId: 'ten_1',
    destinationId: 'dst_1',
    message: 'This is a test alert from Herald.',
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
};

export const ALERT_KINDS = Object.keys(builders) as AlertKind[];

/** A signal of `kind`; a fresh alert id unless `suffix` is given. */
export function aSignal<K extends AlertKind>(
  kind: K,
  suffix = randomBytes(6).toString('hex'),
): SignalOf<K> {
  return builders[kind](suffix);
}
