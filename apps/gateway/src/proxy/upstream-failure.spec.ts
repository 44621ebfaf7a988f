import { describe, expect, it } from '@jest/globals';
import { upstreamFailure } from './upstream-failure.js';

const wrapped = (code: string) => Object.assign(new Error('outer'), { cause: { code } });

describe('upstreamFailure', () => {
  it.each([
    ['ECONNREFUSED', 503, 'upstream_unavailable'],
    ['ENOTFOUND', 503, 'upstream_unavailable'],
    ['ECONNRESET', 503, 'upstream_unavailable'],
    ['UND_ERR_CONNECT_TIMEOUT', 503, 'upstream_unavailable'],
    ['UND_ERR_HEADERS_TIMEOUT', 504, 'upstream_timeout'],
    ['FST_REPLY_FROM_GATEWAY_TIMEOUT', 504, 'upstream_timeout'],
    ['SOMETHING_ELSE', 502, 'bad_gateway'],
  ])('%s (as the cause of a wrapper) → %i %s', (code, status, errorCode) => {
    const failure = upstreamFailure('registry', wrapped(code));
    expect(failure.status).toBe(status);
    expect(failure.body.error.code).toBe(errorCode);
    expect(failure.body.error.message).toContain('registry');
    expect(failure.body.error.details).toEqual([]);
  });

  it('never repeats the underlying error text (it may hold an address)', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:8081'), {
      code: 'ECONNREFUSED',
    });
    expect(JSON.stringify(upstreamFailure('registry', error))).not.toContain('10.0.0.7');
  });
});
