import type { AlertKind } from '@herald/contracts';

/**
 * What the disable and recovery policies remember of one endpoint, across
 * restarts (table `endpoint_health`) and beyond the 24 h window. A record
 * exists only while something is going on: a failure streak or an incident.
 * Times are epoch ms.
 */
export interface EndpointRecord {
  endpointId: string;
  tenantId: string;
  /** Endpoint URL as the latest attempt reported it (credentials stripped). */
  url: string;
  /** The latest success seen; failures at or before it never start a streak. */
  lastSuccessAt: number | null;
  /** First failure after the latest success; null when the latest attempt succeeded. */
  failingSince: number | null;
  lastFailureAt: number | null;
  /** Failed attempts since `failingSince`. */
  streakFailures: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** Highest disable warning already raised for this streak (0: none). */
  warnedPercent: number;
  /** When the disable policy disabled the endpoint; failures up to then never count again. */
  disabledAt: number | null;
  /** Open incident: since the first alert about the endpoint; null when none is open. */
  incidentSince: number | null;
  /** Kinds of the alerts raised during the open incident. */
  incidentKinds: AlertKind[];
  /** Failed attempts during the open incident. */
  incidentFailures: number;
  /** Consecutive successes during the open incident (recovery needs `successesToRecover`). */
  incidentSuccesses: number;
}

export function emptyRecord(endpointId: string, tenantId: string, url: string): EndpointRecord {
  return {
    endpointId,
    tenantId,
    url,
    lastSuccessAt: null,
    failingSince: null,
    lastFailureAt: null,
    streakFailures: 0,
    lastStatusCode: null,
    lastError: null,
    warnedPercent: 0,
    disabledAt: null,
    incidentSince: null,
    incidentKinds: [],
    incidentFailures: 0,
    incidentSuccesses: 0,
  };
}

/** Whether a record still holds anything worth keeping. */
export const isIdle = (record: EndpointRecord) =>
  record.failingSince === null && record.incidentSince === null;

/**
 * Idle, and no policy disable whose in-flight failures must still be
 * ignored: the record can be deleted.
 */
export function isForgettable(record: EndpointRecord): boolean {
  if (!isIdle(record)) return false;
  return record.disabledAt === null || (record.lastSuccessAt ?? -Infinity) > record.disabledAt;
}

/** The record without its failure streak (the same record when it has none). */
export function endStreak(record: EndpointRecord): EndpointRecord {
  if (record.failingSince === null) return record;
  return {
    ...record,
    failingSince: null,
    lastFailureAt: null,
    streakFailures: 0,
    warnedPercent: 0,
  };
}
