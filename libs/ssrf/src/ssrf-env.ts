import { z } from 'zod';
import { booleanVar } from '@herald/config';
import { parseAllowedCidrs } from './allowed-cidrs.js';
import { AddressPolicy } from './address-policy.js';

/**
 * The SSRF guard's two variables, shared by every service that sends or
 * accepts outbound URLs (registry, dispatcher, alerting). A malformed
 * allow-list entry fails start-up with a message naming
 * `HERALD_ALLOWED_CIDRS` and the entry.
 */
export const ssrfEnv = {
  /** Turns the SSRF guard off. Local development only. */
  HERALD_ALLOW_PRIVATE_NETWORKS: booleanVar(false),
  /** CIDR ranges allowed although refused by default, e.g. `127.0.0.0/8,10.1.0.0/16`. */
  HERALD_ALLOWED_CIDRS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        parseAllowedCidrs(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      return value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    }),
};

/** The validated form of `ssrfEnv`. */
export interface SsrfSettings {
  HERALD_ALLOW_PRIVATE_NETWORKS: boolean;
  HERALD_ALLOWED_CIDRS: readonly string[];
}

/**
 * The policy a service's validated configuration describes. A service that
 * connects out passes its logger: a guard turned off, or widened by an
 * allow-list, is then said once at start-up.
 */
export function addressPolicyFrom(
  config: SsrfSettings,
  logger?: { warn(message: string): void },
): AddressPolicy {
  if (config.HERALD_ALLOW_PRIVATE_NETWORKS) {
    logger?.warn(
      'HERALD_ALLOW_PRIVATE_NETWORKS=true: the SSRF guard is OFF and outbound requests may reach ' +
        'private, loopback and metadata addresses. Use this for local development only.',
    );
  } else if (config.HERALD_ALLOWED_CIDRS.length > 0) {
    logger?.warn(`SSRF guard allows ${config.HERALD_ALLOWED_CIDRS.join(', ')}`);
  }
  return new AddressPolicy(config.HERALD_ALLOW_PRIVATE_NETWORKS, config.HERALD_ALLOWED_CIDRS);
}
