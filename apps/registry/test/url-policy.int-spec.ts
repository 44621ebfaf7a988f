import { beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

/**
 * For the tests of the enclosing `describe`: a registry started with `env`,
 * one tenant of it, and that tenant's calls to create an endpoint at a URL and
 * to list the URLs of its endpoints.
 */
function tenantOfRegistry(env: Record<string, string>) {
  const registry = RegistryHarness.forSuite(env);
  let apiKey: string;
  beforeAll(async () => {
    apiKey = (await registry.createTenant()).apiKey;
  });
  return {
    createEndpoint: (url: string) =>
      registry.request<ErrorBody>('POST', '/v1/endpoints', {
        token: apiKey,
        body: { url, eventTypes: ['*'] },
      }),
    endpointUrls: async () => {
      const list = await registry.request<{ data: { url: string }[] }>('GET', '/v1/endpoints', {
        token: apiKey,
      });
      return list.body.data.map((endpoint) => endpoint.url);
    },
  };
}

describe('registry endpoint URL policy with an allow-listed range', () => {
  const tenant = tenantOfRegistry({ HERALD_ALLOWED_CIDRS: '127.0.0.0/8' });

  it('accepts an address in the allowed range and still refuses other private ones', async () => {
    expect((await tenant.createEndpoint('http://127.0.0.1:9000/hook')).status).toBe(201);
    const refused = await tenant.createEndpoint('http://10.0.0.1/hook');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { field: 'url', reason: 'address 10.0.0.1 is in a private or reserved range (private-use)' },
    ]);
  });

  it.each([
    ['6to4', 'http://[2002:7f00:1::]/', '6to4'],
    ['Teredo', 'http://[2001:0:7f00:1::]/hook', 'Teredo'],
    ['IPv4-compatible', 'http://[::127.0.0.2]/', 'IPv4-compatible (deprecated)'],
    ['NAT64 local use', 'http://[64:ff9b:1::808:808]/', 'local-use IPv4/IPv6 translation'],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/', 'private-use'],
  ])('refuses an endpoint at a %s address: %s', async (_what, url, block) => {
    const refused = await tenant.createEndpoint(url);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.details).toEqual([
      { field: 'url', reason: expect.stringContaining(`private or reserved range (${block})`) },
    ]);
    expect(await tenant.endpointUrls()).not.toContain(url);
  });
});

describe('registry endpoint URL policy with private networks allowed', () => {
  const tenant = tenantOfRegistry({ HERALD_ALLOW_PRIVATE_NETWORKS: 'true' });

  it('accepts loopback and private addresses, but still only http(s) without credentials', async () => {
    expect((await tenant.createEndpoint('http://127.0.0.1:9000/hook')).status).toBe(201);
    expect((await tenant.createEndpoint('http://10.0.0.1/hook')).status).toBe(201);
    expect((await tenant.createEndpoint('ftp://127.0.0.1/hook')).status).toBe(400);
    expect((await tenant.createEndpoint('http://u:p@127.0.0.1/hook')).status).toBe(400);
  });
});
