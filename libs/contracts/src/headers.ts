/** NATS headers Herald reads on the public ingest subject. */
export const INGEST_HEADERS = {
  /** JetStream de-duplication id (stream-wide); used as the idempotency key when the next header is absent. */
  natsMsgId: 'Nats-Msg-Id',
  /** The producer's idempotency key, scoped to the tenant: same key → same message. */
  idempotencyKey: 'Herald-Idempotency-Key',
  /** Optional channel the event belongs to (endpoints may subscribe to channels). */
  channel: 'Herald-Channel',
  /** Version of the event type the payload follows (a positive integer); 1 when absent. */
  eventVersion: 'Herald-Event-Version',
  /**
   * Deliver to this one endpoint of the tenant only, whatever its filters
   * (endpoint tests). Producer: registry (`POST /v1/endpoints/:id/test`).
   */
  targetEndpoint: 'Herald-Target-Endpoint',
} as const;
