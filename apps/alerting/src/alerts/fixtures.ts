import { randomBytes } from 'node:crypto';
import type { AlertKind, AlertSignal } from '@herald/contracts';

type SignalOf<K extends AlertKind> = Extract<AlertSignal, { kind: K }>;

/**
 * One signal of every kind, as the health-monitor publishes it, for tests.
 * Typed as a map over `AlertKind`, so a new kind fails to compile until it
 * has a fixture here — and with it, the tests that iterate over every kind.
 */
const builders: { [K in AlertKind]: (suffix: string) => SignalOf<K> } = {
  'delivery.exhausted': (suffix) => ({
    kind: 'delivery.exhausted',
    alertId: `alr_ex_${suffix}`,
    tenantId: 'ten_1',
    endpointId: 'ep_1',
    endpointUrl: 'https://example.com/hook',
    messageId: `msg_${suffix}`,
    eventType: 'invoice.paid',
    attempts: 8,
    statusCode: 503,
    error: 'HTTP 503',
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'endpoint.disabled': (suffix) => ({
    kind: 'endpoint.disabled',
    alertId: `alr_di_${suffix}`,
    tenantId: 'ten_1',
    endpointId: 'ep_1',
    endpointUrl: 'https://example.com/hook',
    reason: 'endpoint_gone',
    statusCode: 410,
    occurredAt: '2026-11-22T10:00:00.000Z',
  }),
  'endpoint.paused': (suffix) => ({
    kind: 'endpoint.paused',
    alertId: `alr_pa_${suffix}`,
    tenantId: 'ten_1',
    endpointId: 'ep_1',
    endpointUrl: 'https://example.com/hook',
    failures: 101,
    windowMs: 600_000,
    until: '2026-11-22T10:10:00.000Z',
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
