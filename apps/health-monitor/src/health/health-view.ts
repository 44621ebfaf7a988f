import type { ResponseTimes } from '../windows/latency-minutes.js';
import type { ErrorEntry } from '../windows/latest-errors.js';
import type { WindowFigures } from '../windows/endpoint-window.js';
import type { Counts } from '../windows/minute-counts.js';
import type { HealthState } from '../state/health-state.js';

/** `GET /v1/endpoints/:id/health` — everything an integrator debugs an endpoint from. */
export interface HealthView {
  endpointId: string;
  state: HealthState;
  /** Why the endpoint is in that state. */
  reason: string;
  /** End of the pause in force, else null. */
  pausedUntil: string | null;
  /** Set when the endpoint is disabled. */
  disabled: { reason: string | null; since: string | null } | null;
  /** Worst circuit-breaker state among dispatcher replicas. */
  breaker: 'closed' | 'half_open' | 'open';
  /** Failed attempts since the latest success. */
  consecutiveFailures: number;
  /** Every attempt has failed since then (null when the latest succeeded). */
  failingSince: string | null;
  /** When the disable policy will disable the endpoint unless an attempt succeeds. */
  disableAt: string | null;
  lastAttemptAt: string | null;
  /** The health histogram: per minute, the last 24 h, minutes with no activity omitted. */
  histogram: {
    bucketSeconds: 60;
    from: string;
    to: string;
    slowThresholdMs: number;
    totals: Counts;
    buckets: (Counts & { start: string })[];
  };
  /** Fastest / average / slowest over the last 30 minutes, of attempts that got an HTTP answer. */
  responseTimes: ResponseTimes & { windowSeconds: number };
  /** Newest failures first (the endpoint's error log). */
  latestErrors: ErrorEntry[];
  settings: { slowThresholdMs: number | null };
}

export interface HealthViewInput {
  endpointId: string;
  verdict: { state: HealthState; reason: string };
  pausedUntil: number | null;
  disabled: { reason: string | null; since: string | null } | null;
  breaker: HealthView['breaker'];
  consecutiveFailures: number;
  failingSince: number | null;
  disableAt: number | null;
  figures: WindowFigures | null;
  now: number;
  histogramMinutes: number;
  responseTimeMinutes: number;
  slowThresholdMs: number;
  ownSlowThresholdMs: number | null;
}

const iso = (epoch: number | null) => (epoch === null ? null : new Date(epoch).toISOString());

/** Assembles the view. Pure. */
export function toHealthView(input: HealthViewInput): HealthView {
  const figures = input.figures;
  return {
    endpointId: input.endpointId,
    state: input.verdict.state,
    reason: input.verdict.reason,
    pausedUntil: iso(input.pausedUntil),
    disabled: input.disabled,
    breaker: input.breaker,
    consecutiveFailures: input.consecutiveFailures,
    failingSince: iso(input.failingSince),
    disableAt: iso(input.disableAt),
    lastAttemptAt: iso(figures?.lastAttemptAt ?? null),
    histogram: {
      bucketSeconds: 60,
      from: new Date(
        (Math.floor(input.now / 60_000) - input.histogramMinutes + 1) * 60_000,
      ).toISOString(),
      to: new Date(input.now).toISOString(),
      slowThresholdMs: input.slowThresholdMs,
      totals: figures?.totals ?? { successful: 0, slow: 0, error: 0, rejected: 0 },
      buckets: (figures?.buckets ?? []).map(({ start, ...counts }) => ({
        start: new Date(start).toISOString(),
        ...counts,
      })),
    },
    responseTimes: {
      windowSeconds: input.responseTimeMinutes * 60,
      ...(figures?.responseTimes ?? {
        responses: 0,
        fastestMs: null,
        averageMs: null,
        slowestMs: null,
      }),
    },
    latestErrors: figures?.latestErrors ?? [],
    settings: { slowThresholdMs: input.ownSlowThresholdMs },
  };
}
