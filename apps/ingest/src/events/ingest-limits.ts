import type { EventLimits } from './event-rules.js';

/** Injectable holder of the configured event limits. */
export class IngestLimits implements EventLimits {
  constructor(
    readonly maxPayloadBytes: number,
    /** How long an event for an unknown tenant is retried before it is refused. */
    readonly unknownTenantGraceMs: number,
  ) {}
}

/**
 * Events per tenant (`HERALD_RATE_LIMIT_INGEST`), counted in Postgres so the
 * budget holds across ingest replicas: over it, HTTP answers 429 with
 * `Retry-After`, and an event published over NATS is refused and recorded
 * as `rate_limited` (it cannot be answered, and holding it back would hold
 * up every tenant behind it on the shared consumer).
 */
export const INGEST_RATE_LIMIT = Symbol('INGEST_RATE_LIMIT');
