import { SEVERITY, type HealthState } from '../state/health-state.js';

export interface EndpointStanding {
  endpointId: string;
  state: HealthState;
  /** Errors in the state window: breaks ties between endpoints of one severity. */
  errors: number;
}

/**
 * Which endpoints get their own series, under a cap on label cardinality.
 * Pure. Only endpoints that need attention qualify (degraded, paused,
 * failing — never healthy, and never disabled: those are counted, not
 * listed); the worst `limit` are kept — by severity, then errors, then id
 * so the choice is stable between scrapes — and the rest are counted as
 * omitted.
 */
export function selectEndpoints(
  standings: readonly EndpointStanding[],
  limit: number,
): { selected: EndpointStanding[]; omitted: number } {
  const qualifying = standings
    .filter((s) => SEVERITY[s.state] > 0)
    .sort(
      (a, b) =>
        SEVERITY[b.state] - SEVERITY[a.state] ||
        b.errors - a.errors ||
        a.endpointId.localeCompare(b.endpointId),
    );
  return { selected: qualifying.slice(0, limit), omitted: Math.max(0, qualifying.length - limit) };
}
