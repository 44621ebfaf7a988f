import { describe, expect, it, jest } from '@jest/globals';
import { addressPolicyFrom } from './ssrf-env.js';
import { ipLiteralHost } from './url-host.js';

describe('ipLiteralHost', () => {
  it('returns an IPv4 literal, normalised by URL parsing', () => {
    expect(ipLiteralHost(new URL('http://2130706433/hook'))).toBe('127.0.0.1');
    expect(ipLiteralHost(new URL('https://0x7f.1:8443/'))).toBe('127.0.0.1');
  });

  it('returns an IPv6 literal without its brackets', () => {
    expect(ipLiteralHost(new URL('https://[::ffff:10.0.0.1]/'))).toBe('::ffff:a00:1');
  });

  it('returns null for a host name, which is judged at connect time', () => {
    expect(ipLiteralHost(new URL('https://example.com/hook'))).toBeNull();
  });
});

describe('addressPolicyFrom', () => {
  it('warns once when the guard is off, and the policy allows everything', () => {
    const warn = jest.fn();
    const policy = addressPolicyFrom(
      { HERALD_ALLOW_PRIVATE_NETWORKS: true, HERALD_ALLOWED_CIDRS: [] },
      { warn },
    );
    expect(policy.check('169.254.169.254')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('the SSRF guard is OFF');
  });

  it('names the allow-listed ranges, and allows only those', () => {
    const warn = jest.fn();
    const policy = addressPolicyFrom(
      { HERALD_ALLOW_PRIVATE_NETWORKS: false, HERALD_ALLOWED_CIDRS: ['127.0.0.0/8'] },
      { warn },
    );
    expect(warn).toHaveBeenCalledWith('SSRF guard allows 127.0.0.0/8');
    expect(policy.check('127.0.0.1')).toBeNull();
    expect(policy.check('10.0.0.1')).not.toBeNull();
  });

  it('says nothing for the strict default', () => {
    const warn = jest.fn();
    addressPolicyFrom({ HERALD_ALLOW_PRIVATE_NETWORKS: false, HERALD_ALLOWED_CIDRS: [] }, { warn });
    expect(warn).not.toHaveBeenCalled();
  });
});
