import type { AlertKind, AlertSignal } from '@herald/contracts';
import type { EndpointRecord } from './endpoint-record.js';
import { alertIdFor } from '../alerts/alert-id.js';
import { aboutEndpoint } from '../alerts/alert-url.js';

const iso = (epoch: number) => new Date(epoch).toISOString();

/** What every policy signal carries: its kind, an id named by its cause, whom it is about, when. */
function signal<Kind extends AlertKind>(
  kind: Kind,
  record: EndpointRecord,
  at: number,
  ...cause: string[]
) {
  return {
    kind,
    alertId: alertIdFor(kind, record.endpointId, ...cause),
    ...aboutEndpoint(record),
    occurredAt: iso(at),
  };
}

/**
 * Signals of the disable and recovery policies, built from the endpoint's
 * record. Pure. Ids name the cause: the streak (its first failure) and the
 * percentage for a warning, the streak for a disable, the incident (its
 * start) for a recovery — so a decision re-taken after a crash yields the
 * same ids and is de-duplicated downstream.
 */
export function disableWarningAlert(
  record: EndpointRecord & { failingSince: number },
  percent: number,
  disableAt: number,
  at: number,
): AlertSignal {
  return {
    ...signal('endpoint.disable_warning', record, at, iso(record.failingSince), String(percent)),
    percent,
    failingSince: iso(record.failingSince),
    disableAt: iso(disableAt),
    failures: Math.max(1, record.streakFailures),
    statusCode: record.lastStatusCode,
    error: record.lastError,
  };
}

export function policyDisabledAlert(
  record: EndpointRecord & { failingSince: number },
  at: number,
): AlertSignal {
  return {
    ...signal('endpoint.disabled', record, at, iso(record.failingSince)),
    reason: 'failing_persistently',
    statusCode: record.lastStatusCode,
    failingSince: iso(record.failingSince),
  };
}

export function recoveredAlert(
  record: EndpointRecord,
  recovery: { resolves: string[]; incidentSince: number; failures: number },
  at: number,
): AlertSignal {
  return {
    ...signal('endpoint.recovered', record, at, iso(recovery.incidentSince)),
    resolves: recovery.resolves,
    incidentSince: iso(recovery.incidentSince),
    failures: recovery.failures,
  };
}
