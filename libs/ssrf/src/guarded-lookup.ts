import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';

/**
 * A connection refused by the SSRF guard. One class and one code for every
 * outbound client (webhook deliveries, endpoint test sends, alerts); the
 * message names the host and the address, never credentials.
 */
export class SsrfBlockedError extends Error {
  readonly code = 'SSRF_BLOCKED';
  constructor(message: string) {
    super(message);
    this.name = 'SsrfBlockedError';
  }
}

/** The resolver the guard wraps; `dns.lookup` in production, a fake in unit tests. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) =>
  dnsLookup(hostname, options, callback);

/**
 * A `lookup` for `net.connect` (and undici's connector) that refuses a hostname when ANY address it
 * resolves to is refused by the SSRF policy. The check runs on the very
 * addresses the socket then connects to, at connect time, so a DNS answer that
 * changes between validation and use (DNS rebinding) cannot slip through.
 */
export function guardedLookup(
  policy: AddressPolicy,
  resolve: Resolver = systemResolver,
): LookupFunction {
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const first = addresses[0];
      if (!first) {
        const empty: NodeJS.ErrnoException = new Error(`no addresses for ${hostname}`);
        empty.code = 'ENOTFOUND';
        return callback(empty, '', 0);
      }
      for (const { address } of addresses) {
        const refusal = policy.check(address);
        if (refusal !== null) {
          return callback(new SsrfBlockedError(`${hostname}: ${refusal}`), '', 0);
        }
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
  return lookup;
}
