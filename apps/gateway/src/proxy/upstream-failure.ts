import type { ErrorBody } from '@herald/http-api';

/**
 * What the client gets when the service behind a route does not answer: a
 * 503 when it cannot be reached (down, restarting, no such host), a 504 when
 * it took longer than the gateway waits, a 502 for anything else. Never a
 * hang, always Herald's error shape, never the upstream's address.
 */
export interface UpstreamFailure {
  status: 502 | 503 | 504;
  body: ErrorBody;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'FST_REPLY_FROM_SERVICE_UNAVAILABLE',
]);

const TIMED_OUT = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
  'FST_REPLY_FROM_TIMEOUT',
]);

/** The error codes of an error and of its causes, outermost first. */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; depth += 1) {
    const { code, cause } = e as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    e = cause;
  }
  return codes;
}

export function upstreamFailure(service: string, error: unknown): UpstreamFailure {
  const codes = codesOf(error);
  const failure = (status: UpstreamFailure['status'], code: string, message: string) => ({
    status,
    body: { error: { code, message, details: [] } },
  });
  // A timeout is checked first: a connect timeout is "unreachable", a slow answer is not.
  if (codes.some((code) => TIMED_OUT.has(code))) {
    return failure(504, 'upstream_timeout', `the ${service} service did not answer in time`);
  }
  if (codes.some((code) => UNREACHABLE.has(code))) {
    return failure(
      503,
      'upstream_unavailable',
      `the ${service} service is not reachable; try again shortly`,
    );
  }
  return failure(502, 'bad_gateway', `the ${service} service gave no valid answer`);
}
