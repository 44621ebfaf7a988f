import type { AlertKind } from '@herald/contracts';
import type { RecoverySettings } from '../settings.js';
import type { EndpointRecord } from './endpoint-record.js';

/**
 * Incidents and recovery — pure functions.
 *
 * An incident opens with the first alert raised about an endpoint (failing,
 * exhausted, paused, disable warning, disabled) and collects the kinds of
 * every alert raised while it is open. It closes when the endpoint delivers
 * again: `successesToRecover` successes in a row (default 1) that happened
 * after the incident opened. Closing raises `endpoint.recovered` — the
 * "resolved" notice — listing the kinds it resolves.
 *
 * Recovery of delivery itself needs no command: a pause ends at its `until`
 * (the health-monitor deletes the key the dispatchers watch) and a disabled
 * endpoint is re-enabled by its owner; the success that follows closes the
 * incident.
 */

export const DEFAULT_RECOVERY_SETTINGS: RecoverySettings = { successesToRecover: 1 };

/** Kinds that open (or join) an incident. */
export const INCIDENT_KINDS: readonly AlertKind[] = [
  'delivery.failing',
  'delivery.exhausted',
  'endpoint.paused',
  'endpoint.disable_warning',
  'endpoint.disabled',
];

/** Records that an alert of `kind` was raised at `at`. */
export function openIncident(record: EndpointRecord, kind: AlertKind, at: number): EndpointRecord {
  if (!INCIDENT_KINDS.includes(kind)) return record;
  const kinds = record.incidentKinds.includes(kind)
    ? record.incidentKinds
    : [...record.incidentKinds, kind];
  if (record.incidentSince !== null && kinds === record.incidentKinds) return record;
  return {
    ...record,
    incidentSince: record.incidentSince ?? at,
    incidentKinds: kinds,
    incidentSuccesses: 0,
  };
}

export type RecoveryDecision =
  | { action: 'none'; record: EndpointRecord }
  | {
      action: 'recover';
      record: EndpointRecord;
      resolves: AlertKind[];
      incidentSince: number;
      failures: number;
    };

/** Applies one attempt to the open incident; decides whether it closes. */
export function observeForRecovery(
  record: EndpointRecord,
  attempt: { outcome: 'success' | 'failure'; at: number },
  counted: boolean,
  settings: RecoverySettings,
): RecoveryDecision {
  const since = record.incidentSince;
  if (since === null) return { action: 'none', record };
  if (attempt.outcome === 'failure') {
    if (!counted) return { action: 'none', record };
    return {
      action: 'none',
      record: {
        ...record,
        incidentFailures: record.incidentFailures + 1,
        incidentSuccesses: 0,
      },
    };
  }
  // A success older than the incident says nothing about recovery.
  if (attempt.at < since) return { action: 'none', record };
  const successes = record.incidentSuccesses + (counted ? 1 : 0);
  if (successes < settings.successesToRecover) {
    return { action: 'none', record: { ...record, incidentSuccesses: successes } };
  }
  return {
    action: 'recover',
    record: {
      ...record,
      incidentSince: null,
      incidentKinds: [],
      incidentFailures: 0,
      incidentSuccesses: 0,
    },
    resolves: record.incidentKinds,
    incidentSince: since,
    failures: record.incidentFailures,
  };
}
