/** NATS headers Herald reads on the public ingest subject. */
export const INGEST_HEADERS = {
  /** JetStream de-duplication id (stream-wide); used as the idempotency key when the next header is absent. */
  natsMsgId: 'Nats-Msg-Id',
  /** The producer's idempotency key, scoped to the tenant: same key → same message. */
  idempotencyKey: 'Herald-Idempotency-Key',
  /** Optional channel the event belongs to (endpoints may subscribe to channels). */
  channel: 'Herald-Channel',
} as const;
