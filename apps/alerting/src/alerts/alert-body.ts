import type { AlertKind, AlertSignal } from '@herald/contracts';

type Envelope = 'alertId' | 'kind' | 'tenantId' | 'occurredAt';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The kind-specific fields of an alert: `delivery.exhausted` — endpoint,
 * message, status; `endpoint.disabled` — endpoint, reason, status;
 * `endpoint.paused` — endpoint, failures, window, until.
 */
export type AlertData = DistributiveOmit<AlertSignal, Envelope>;

/**
 * The JSON body POSTed to the operator's webhook. `id` is the signal's stable
 * alert id, so a destination can de-duplicate the rare resend. Pure; the body
 * holds exactly the signal's fields, which carry no secrets.
 */
export interface AlertBody {
  id: string;
  kind: AlertKind;
  tenantId: string | null;
  occurredAt: string;
  data: AlertData;
}

export function alertBody(signal: AlertSignal): AlertBody {
  const { alertId, kind, tenantId, occurredAt, ...data } = signal;
  return { id: alertId, kind, tenantId, occurredAt, data };
}
