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

/**
 * Request headers Herald owns on every webhook delivery: the body's framing
 * and encoding, the user agent, the Standard Webhooks signature headers (the
 * whole `webhook-` family) and the hop-by-hop headers undici refuses. An
 * endpoint's custom headers never set them, whatever their case: the
 * registry refuses them, and the dispatcher drops any that still reach it.
 * `authorization` is not reserved: it is how receivers authenticate Herald.
 */
export const RESERVED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/** Whether an endpoint's custom header may not be sent under this name (any case). */
export function isReservedRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('webhook-') || RESERVED_REQUEST_HEADERS.has(lower);
}
