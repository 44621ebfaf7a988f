import type { AttemptOutcome, AttemptReason } from '@herald/contracts';

/**
 * Classification of one HTTP attempt, as a pure function. Invariants: only a
 * 2xx status is success (3xx included in failures — redirects are never
 * followed); 410 Gone has its own reason (it disables the endpoint); every
 * failure has exactly one reason; the `error` text names the
 * cause and the host only, and any sensitive value that still reaches it
 * (secrets, header values, URL credentials) is replaced by `[redacted]`.
 */
export type Observation =
  | { kind: 'response'; status: number }
  | { kind: 'error'; error: unknown; host: string; timeoutMs: number };

export type Classification = Pick<AttemptOutcome, 'outcome' | 'reason' | 'statusCode' | 'error'>;

export function classify(observation: Observation, sensitive: readonly string[]): Classification {
  if (observation.kind === 'response') {
    const { status } = observation;
    if (status >= 200 && status < 300) {
      return { outcome: 'success', reason: 'delivered', statusCode: status, error: null };
    }
    if (status === 410) {
      return {
        outcome: 'failure',
        reason: 'endpoint_gone',
        statusCode: status,
        error: 'HTTP 410 Gone: the receiver asked not to be called again',
      };
    }
    return {
      outcome: 'failure',
      reason: 'http_status',
      statusCode: status,
      error: `HTTP ${status}`,
    };
  }
  const { reason, message } = describe(observation);
  return { outcome: 'failure', reason, statusCode: null, error: redact(message, sensitive) };
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);

function describe(observation: Extract<Observation, { kind: 'error' }>): {
  reason: AttemptReason;
  message: string;
} {
  const { error, host, timeoutMs } = observation;
  const code = errorCode(error);
  const name = field(error, 'name') ?? 'Error';
  if (code === 'SSRF_BLOCKED') {
    return { reason: 'ssrf_blocked', message: `refused by the SSRF guard: ${messageOf(error)}` };
  }
  if (code === 'INVALID_URL') return { reason: 'invalid_url', message: messageOf(error) };
  if (name === 'TimeoutError' || (code !== null && TIMEOUT_CODES.has(code))) {
    return { reason: 'timeout', message: `no complete response within ${timeoutMs} ms` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { reason: 'dns', message: `DNS lookup of ${host} failed (${code})` };
  }
  if (code === 'ECONNREFUSED') {
    return { reason: 'connection_refused', message: `connection to ${host} refused` };
  }
  if (code !== null && RESET_CODES.has(code)) {
    return { reason: 'connection_reset', message: `connection to ${host} closed early (${code})` };
  }
  return { reason: 'network', message: `${code ?? name}: ${messageOf(error)}` };
}

/**
 * The most specific error code: the error's own, else its cause's, else the
 * first of an AggregateError's (Node's happy-eyeballs connect reports those).
 */
export function errorCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 4) return null;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  const fromCause = errorCode(cause, depth + 1);
  if (fromCause !== null) return fromCause;
  return Array.isArray(errors) ? errorCode(errors[0], depth + 1) : null;
}

// Duck-typed: errors from another realm (DOMException, vm contexts) fail `instanceof Error`.
function field(error: unknown, key: 'name' | 'message'): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

function messageOf(error: unknown): string {
  return field(error, 'message') ?? String(error);
}

/** Replaces every occurrence of each sensitive value (ignoring trivially short ones). */
export function redact(text: string, sensitive: readonly string[]): string {
  let result = text;
  for (const value of sensitive) {
    if (value.length < 4) continue;
    result = result.split(value).join('[redacted]');
  }
  return result;
}
