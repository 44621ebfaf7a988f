import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

describe('registry endpoint URL policy with an allow-listed range', () => {
  let registry: RegistryHarness;
  let apiKey: string;

  beforeAll(async () => {
    registry = await RegistryHarness.start({ HERALD_ALLOWED_CIDRS: '127.0.0.0/8' });
    apiKey = (await registry.createTenant()).apiKey;
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('accepts an address in the allowed range and still refuses other private ones', async () => {
    const post = (url: string) =>
      registry.request<ErrorBody>('POST', '/v1/endpoints', {
        token: apiKey,
        body: { url, eventTypes: ['*'] },
      });
    expect((await post('http://127.0.0.1:9000/hook')).status).toBe(201);
    const refused = await post('http://10.0.0.1/hook');
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
    const refused = await registry.request<ErrorBody>('POST', '/v1/endpoints', {
      token: apiKey,
      body: { url, eventTypes: ['*'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.details).toEqual([
      { field: 'url', reason: expect.stringContaining(`private or reserved range (${block})`) },
    ]);
    const list = await registry.request<{ data: { url: string }[] }>('GET', '/v1/endpoints', {
      token: apiKey,
    });
    expect(list.body.data.map((endpoint) => endpoint.url)).not.toContain(url);
  });
});

describe('registry endpoint URL policy with private networks allowed', () => {
  let registry: RegistryHarness;
  let apiKey: string;

  beforeAll(async () => {
    registry = await RegistryHarness.start({ HERALD_ALLOW_PRIVATE_NETWORKS: 'true' });
    apiKey = (await registry.createTenant()).apiKey;
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('accepts loopback and private addresses, but still only http(s) without credentials', async () => {
    const post = (url: string) =>
      registry.request<ErrorBody>('POST', '/v1/endpoints', {
        token: apiKey,
        body: { url, eventTypes: ['*'] },
      });
    expect((await post('http://127.0.0.1:9000/hook')).status).toBe(201);
    expect((await post('http://10.0.0.1/hook')).status).toBe(201);
    expect((await post('ftp://127.0.0.1/hook')).status).toBe(400);
    expect((await post('http://u:p@127.0.0.1/hook')).status).toBe(400);
  });
});
