import { describe, expect, it } from '@jest/globals';
import { classify, errorCode, redact } from './classify.js';
import { InvalidUrlError, SsrfBlockedError } from './errors.js';

const failure = (error: unknown, sensitive: string[] = []) =>
  classify({ kind: 'error', error, host: 'hooks.example.com', timeoutMs: 1_500 }, sensitive);

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classify', () => {
  it.each([200, 201, 204, 299])('treats %i as delivered', (status) => {
    expect(classify({ kind: 'response', status }, [])).toEqual({
      outcome: 'success',
      reason: 'delivered',
      statusCode: status,
      error: null,
    });
  });

  it.each([301, 302, 307, 308, 400, 404, 429, 500, 503])(
    'treats %i as an http_status failure',
    (status) => {
      expect(classify({ kind: 'response', status }, [])).toEqual({
        outcome: 'failure',
        reason: 'http_status',
        statusCode: status,
        error: `HTTP ${status}`,
      });
    },
  );

  it('gives 410 Gone its own reason, which disables the endpoint', () => {
    expect(classify({ kind: 'response', status: 410 }, [])).toMatchObject({
      outcome: 'failure',
      reason: 'endpoint_gone',
      statusCode: 410,
    });
  });

  it.each([
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ECONNREFUSED', 'connection_refused'],
    ['ECONNRESET', 'connection_reset'],
    ['UND_ERR_SOCKET', 'connection_reset'],
    ['EPIPE', 'connection_reset'],
    ['EHOSTUNREACH', 'network'],
  ])('maps error code %s to %s', (code, reason) => {
    const result = failure(coded(code));
    expect(result).toMatchObject({ outcome: 'failure', reason, statusCode: null });
    expect(result.error).toEqual(expect.any(String));
  });

  it('maps an aborted deadline (TimeoutError) to timeout and names the deadline', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(failure(error)).toMatchObject({
      reason: 'timeout',
      error: 'no complete response within 1500 ms',
    });
  });

  it('maps the SSRF guard and bad URLs to permanent reasons', () => {
    expect(failure(new SsrfBlockedError('address 10.0.0.1 is private'))).toMatchObject({
      reason: 'ssrf_blocked',
      error: 'refused by the SSRF guard: address 10.0.0.1 is private',
    });
    expect(failure(new InvalidUrlError('scheme "ftp:" is not allowed'))).toMatchObject({
      reason: 'invalid_url',
    });
  });

  it('finds codes on causes and inside AggregateErrors', () => {
    const aggregate = new AggregateError([coded('ECONNREFUSED')], 'all failed');
    expect(failure(aggregate).reason).toBe('connection_refused');
    const wrapped = new Error('fetch failed', { cause: coded('ENOTFOUND') });
    expect(failure(wrapped).reason).toBe('dns');
    expect(errorCode('not an error')).toBeNull();
  });

  it('never lets a sensitive value through the error text', () => {
    const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=';
    const result = failure(coded('EWEIRD', `header value ${secret} and Bearer tok-123456`), [
      secret,
      'Bearer tok-123456',
    ]);
    expect(result.reason).toBe('network');
    expect(result.error).toBe('EWEIRD: header value [redacted] and [redacted]');
  });
});

describe('redact', () => {
  it('replaces every occurrence and ignores values too short to matter', () => {
    expect(redact('a-key a-key', ['a-key', 'a'])).toBe('[redacted] [redacted]');
  });
});
