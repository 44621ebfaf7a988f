import type { AlertSignal } from '@herald/contracts';
import type { EndpointRecord } from './endpoint-record.js';
import { alertIdFor } from '../alerts/alert-id.js';
import { aboutEndpoint } from '../alerts/alert-url.js';

const iso = (epoch: number) => new Date(epoch).toISOString();

/** What a disable signal tells of the failure streak behind it. */
function aboutStreak(record: EndpointRecord & { failingSince: number }) {
  return {
    ...aboutEndpoint(record),
    statusCode: record.lastStatusCode,
    failingSince: iso(record.failingSince),
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
    kind: 'endpoint.disable_warning',
    alertId: alertIdFor(
      'endpoint.disable_warning',
      record.endpointId,
      iso(record.failingSince),
      String(percent),
    ),
    ...aboutStreak(record),
    percent,
    disableAt: iso(disableAt),
    failures: Math.max(1, record.streakFailures),
    error: record.lastError,
    occurredAt: iso(at),
  };
}

export function policyDisabledAlert(
  record: EndpointRecord & { failingSince: number },
  at: number,
): AlertSignal {
  return {
    kind: 'endpoint.disabled',
    alertId: alertIdFor('endpoint.disabled', record.endpointId, iso(record.failingSince)),
    ...aboutStreak(record),
    reason: 'failing_persistently',
    occurredAt: iso(at),
  };
}

export function recoveredAlert(
  record: EndpointRecord,
  recovery: { resolves: string[]; incidentSince: number; failures: number },
  at: number,
): AlertSignal {
  return {
    kind: 'endpoint.recovered',
    alertId: alertIdFor('endpoint.recovered', record.endpointId, iso(recovery.incidentSince)),
    ...aboutEndpoint(record),
    resolves: recovery.resolves,
    incidentSince: iso(recovery.incidentSince),
    failures: recovery.failures,
    occurredAt: iso(at),
  };
}
