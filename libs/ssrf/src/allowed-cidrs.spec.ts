import { describe, expect, it } from '@jest/globals';
import { parseAllowedCidrs } from './allowed-cidrs.js';
import { loadConfig } from '@herald/config';
import { z } from 'zod';
import { ssrfEnv } from './ssrf-env.js';

describe('HERALD_ALLOWED_CIDRS parsing', () => {
  it('accepts IPv4 and IPv6 ranges and bare addresses', () => {
    expect(
      parseAllowedCidrs(' 10.0.0.0/8, fd00::/8 ,127.0.0.1,,').map(([ip, bits]) => [
        ip.toString(),
        bits,
      ]),
    ).toEqual([
      ['10.0.0.0', 8],
      ['fd00::', 8],
      ['127.0.0.1', 32],
    ]);
  });

  it.each([
    ['10.0.0.0/', /no valid prefix/],
    ['10.0.0.0/33', /no valid prefix/],
    ['fd00::/129', /no valid prefix/],
    ['10.0.0.0/-1', /no valid prefix/],
    ['10.0.0.0/8/8', /no valid prefix/],
    ['10.0.0.0/ 8', /no valid prefix/],
    ['10.0.0.0/0x8', /no valid prefix/],
    ['10.0.0.1/8', /host bits set; did you mean 10\.0\.0\.0\/8/],
    ['10.0/8', /not a CIDR/],
    ['0x0a.0.0.0/8', /not a CIDR/],
    ['garbage', /not a CIDR/],
    ['/8', /not a CIDR/],
  ])('refuses %j', (entry, message) => {
    expect(() => parseAllowedCidrs(entry)).toThrow(message);
  });

  it('stops configuration with a message naming the variable', () => {
    const schema = z.object(ssrfEnv);
    expect(() => loadConfig(schema, { HERALD_ALLOWED_CIDRS: '10.0.0.0/' })).toThrow(
      /HERALD_ALLOWED_CIDRS: "10\.0\.0\.0\/" has no valid prefix length/,
    );
    expect(loadConfig(schema, { HERALD_ALLOWED_CIDRS: '10.1.0.0/16' })).toEqual({
      HERALD_ALLOW_PRIVATE_NETWORKS: false,
      HERALD_ALLOWED_CIDRS: ['10.1.0.0/16'],
    });
  });
});
