import { describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import { AddressPolicy } from './address-policy.js';
import { guardedLookup, SsrfBlockedError, type Resolver } from './guarded-lookup.js';

const resolvingTo =
  (...addresses: string[]): Resolver =>
  (_host, _options, callback) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

function lookup(resolver: Resolver, all: boolean, policy = new AddressPolicy(false)) {
  return new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>(
    (resolve) =>
      guardedLookup(policy, resolver)('hooks.example.com', { all }, (error, address, family) =>
        resolve({ error, address, family }),
      ),
  );
}

describe('guardedLookup', () => {
  it('passes public addresses through in both lookup shapes', async () => {
    const resolver = resolvingTo('93.184.216.34', '2606:4700::1111');
    expect(await lookup(resolver, false)).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect((await lookup(resolver, true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
  });

  it.each([
    ['127.0.0.1'],
    ['10.0.0.7'],
    ['169.254.169.254'],
    ['::1'],
    ['fd00::1'],
    ['2002:7f00:1::'],
    ['::ffff:10.0.0.7'],
  ])('refuses a hostname resolving to %s', async (address) => {
    const { error } = await lookup(resolvingTo(address), true);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error?.message).toContain('hooks.example.com');
  });

  it('refuses when any one of several answers is private (rebinding with mixed records)', async () => {
    const { error } = await lookup(resolvingTo('93.184.216.34', '127.0.0.1'), false);
    expect(error).toBeInstanceOf(SsrfBlockedError);
  });

  it('honours the allow-list', async () => {
    const policy = new AddressPolicy(false, ['127.0.0.0/8']);
    expect((await lookup(resolvingTo('127.0.0.1'), false, policy)).error).toBeNull();
  });

  it('passes resolver errors through and reports an empty answer as ENOTFOUND', async () => {
    const failing: Resolver = (_h, _o, callback) =>
      callback(Object.assign(new Error('nope'), { code: 'EAI_AGAIN' }), []);
    expect((await lookup(failing, false)).error).toMatchObject({ code: 'EAI_AGAIN' });
    expect((await lookup(resolvingTo(), false)).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
