import { AddressPolicy, ipLiteralHost } from '@herald/ssrf';

export const MAX_DESTINATION_URL_LENGTH = 2_048;

/** Strict default: every private and reserved range refused, nothing allow-listed. */
const strict = new AddressPolicy(false);

/**
 * Whether a URL may receive alerts; the reason when it may not. Pure.
 *
 * - HTTPS only. Plain HTTP is accepted only where the development
 *   allow-list applies: with `HERALD_ALLOW_PRIVATE_NETWORKS=true`, or for an
 *   IP-literal host inside `HERALD_ALLOWED_CIDRS` (e.g. a local receiver).
 * - No credentials in the URL (the token is the credential), at most 2048
 *   characters.
 * - An IP-literal host in a private or reserved range is refused unless
 *   allow-listed; names are checked on the resolved address at send time.
 */
export function destinationUrlProblem(
  url: string,
  policy: AddressPolicy,
  allowPrivate: boolean,
): string | null {
  if (url.length > MAX_DESTINATION_URL_LENGTH) {
    return `must be at most ${MAX_DESTINATION_URL_LENGTH} characters`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'must not contain credentials (the destination token authenticates alerts)';
  }
  const host = ipLiteralHost(parsed);
  if (host !== null && policy.check(host) !== null) {
    return `must not point to a private or reserved address (${host})`;
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return 'must be an https:// URL';
  const allowListed = allowPrivate || (host !== null && strict.check(host) !== null);
  return allowListed
    ? null
    : 'must be an https:// URL (http is allowed only for allow-listed development addresses)';
}
