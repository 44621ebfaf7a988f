import type { AlertKind, AlertSignal } from '@herald/contracts';

type Envelope = 'alertId' | 'kind' | 'tenantId' | 'occurredAt';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The kind-specific fields of an alert (see docs/operations.md for each kind). */
export type AlertData = DistributiveOmit<AlertSignal, Envelope>;

/**
 * The JSON body POSTed to a destination. `id` is the signal's stable alert
 * id (the `webhook-id` header too), so a destination can de-duplicate the
 * rare resend. `status` is `resolved` for `endpoint.recovered`, `test` for a
 * test and `firing` otherwise. `links` point at the endpoint's health and
 * attempts (the message's attempts for `delivery.*`). `suppressed` says how
 * many alerts of this kind about this endpoint were held back by the
 * suppression window since the last one sent.
 */
export interface AlertBody {
  id: string;
  kind: AlertKind;
  status: 'firing' | 'resolved' | 'test';
  tenantId: string | null;
  occurredAt: string;
  data: AlertData;
  links: { health?: string; attempts?: string };
  suppressed?: { count: number; windowSeconds: number };
}

export interface BodyOptions {
  /** Public base URL of the REST API for links; null renders paths only. */
  apiBaseUrl: string | null;
  /** Alerts of this kind and endpoint suppressed since the last one sent. */
  suppressedBefore: number;
  suppressionWindowMs: number;
}

/** Renders the body. Pure; it holds the signal's fields, which carry no secrets. */
export function alertBody(signal: AlertSignal, options: BodyOptions): AlertBody {
  const { alertId, kind, tenantId, occurredAt, ...data } = signal;
  const body: AlertBody = {
    id: alertId,
    kind,
    status: kind === 'endpoint.recovered' ? 'resolved' : kind === 'test' ? 'test' : 'firing',
    tenantId,
    occurredAt,
    data,
    links: linksFor(signal, options.apiBaseUrl ?? ''),
  };
  if (options.suppressedBefore > 0) {
    body.suppressed = {
      count: options.suppressedBefore,
      windowSeconds: Math.round(options.suppressionWindowMs / 1_000),
    };
  }
  return body;
}

function linksFor(signal: AlertSignal, base: string): AlertBody['links'] {
  if (signal.kind === 'test') return {};
  const endpoint = `${base.replace(/\/+$/, '')}/v1/endpoints/${encodeURIComponent(signal.endpointId)}`;
  const attempts =
    signal.kind === 'delivery.failing' || signal.kind === 'delivery.exhausted'
      ? `${endpoint}/attempts?messageId=${encodeURIComponent(signal.messageId)}`
      : `${endpoint}/attempts`;
  return { health: `${endpoint}/health`, attempts };
}
