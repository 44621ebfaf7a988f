import { ipLiteralHost } from '@herald/ssrf';

/** The part of `@herald/ssrf`'s AddressPolicy this rule needs. */
export interface AddressCheck {
  check(address: string): string | null;
}

/**
 * Rules for an endpoint URL, as a pure function: absolute, http or https, no
 * credentials in it (they would leak into logs; use `headers` instead), not
 * longer than the limit, and — when the host is an IP literal — an address
 * the SSRF policy allows. Host names are not resolved here: the dispatcher
 * checks the resolved addresses of every delivery, so DNS changes are covered.
 * Returns the reason a URL is refused, or null.
 */
export function checkEndpointUrl(
  raw: string,
  policy: AddressCheck,
  maxLength: number,
): string | null {
  if (raw.length > maxLength) return `must be at most ${maxLength} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL, e.g. https://example.com/webhooks';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `scheme must be http or https, not ${url.protocol.slice(0, -1)}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials (user:password@); send them in "headers" instead';
  }
  const host = ipLiteralHost(url);
  return host === null ? null : policy.check(host);
}
