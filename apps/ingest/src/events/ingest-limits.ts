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
