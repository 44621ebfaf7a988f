import type { JsonLimits } from '@herald/http-api';
import type { EventLimits } from './event-rules.js';

/** Injectable holder of the configured event limits. */
export class IngestLimits implements EventLimits {
  constructor(
    readonly maxPayloadBytes: number,
    /** How long an event for an unknown tenant is retried before it is refused. */
    readonly unknownTenantGraceMs: number,
    /** Depth and key limits of a payload (`HERALD_MAX_JSON_DEPTH`, `HERALD_MAX_JSON_KEYS`). */
    readonly json: JsonLimits,
  ) {}
}

/**
 * Events per tenant (`HERALD_RATE_LIMIT_INGEST`), counted in Postgres so the
 * budget holds across ingest replicas. Every event takes its point in the
 * ingest consumer, whichever way it came (HTTP events are published on the
 * same subject, and a header saying "already counted" could be forged by a
 * NATS producer); over the rate it is refused and recorded as
 * `rate_limited` — it cannot be answered, and holding it back would hold up
 * every tenant behind it on the shared consumer. HTTP checks the budget
 * first and answers 429 with `Retry-After` while it is spent, so an HTTP
 * producer is told before its events are refused.
 */
export const INGEST_RATE_LIMIT = Symbol('INGEST_RATE_LIMIT');
