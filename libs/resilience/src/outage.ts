/**
 * Whether an error means a dependency could not be reached or is shutting
 * down (nothing is wrong with the data): a connection refused, reset or
 * timed out, a pool that cannot connect, a Postgres SQLSTATE of class 08
 * (connection exception), 53 (insufficient resources) or 57P (operator
 * intervention), or NATS not answering (timeout, no responders, closed
 * connection). Such work is retried as it is, for as long as the outage
 * lasts; any other failure may be the fault of the item itself.
 */
export function isOutage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && NATS_ERRORS.has(name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NODE_CODES.has(code)) return true;
    if (/^(08|53|57P)/.test(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && OUTAGE_MESSAGES.some((text) => message.includes(text));
}

const NATS_ERRORS = new Set([
  'TimeoutError',
  'NoRespondersError',
  'ClosedConnectionError',
  'ConnectionError',
  'DrainingConnectionError',
]);
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
];
