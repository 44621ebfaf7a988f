import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from '@herald/ssrf';

/**
 * A `lookup` for undici's connector that refuses a host when any address it
 * resolves to is refused by the SSRF policy — checked on the very addresses
 * the socket connects to, so DNS rebinding cannot slip a private address in.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((a) => policy.check(a.address)).find((r) => r !== null);
      if (refused || addresses.length === 0) {
        const blocked: NodeJS.ErrnoException = new Error(`${hostname}: ${refused ?? 'no address'}`);
        blocked.code = 'ESSRFBLOCKED';
        return callback(blocked, '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
