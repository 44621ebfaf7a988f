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
      { field: 'url', reason: 'address 10.0.0.1 is in a private or reserved range' },
    ]);
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
