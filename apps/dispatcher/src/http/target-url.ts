import { ipLiteralHost, type AddressPolicy } from '@herald/ssrf';
import { InvalidUrlError, SsrfBlockedError } from './errors.js';

/**
 * Turns an endpoint URL into what the sender connects to. Invariants: only
 * http and https; credentials never stay in the URL (they become a Basic
 * `authorization` value and are stripped from every URL shown anywhere); an
 * IP-literal host is checked against the SSRF policy here, because Node skips
 * the DNS lookup — where hostnames are checked — for IP literals.
 */
export interface Target {
  /** The URL to request, without userinfo. */
  url: URL;
  /** `Basic …` from the URL's userinfo, or null. */
  basicAuth: string | null;
}

export function resolveTarget(raw: string, policy: AddressPolicy): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidUrlError('endpoint URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrlError(`scheme "${url.protocol}" is not allowed (http or https only)`);
  }
  if (url.hostname === '') throw new InvalidUrlError('endpoint URL has no host');
  const host = ipLiteralHost(url);
  if (host !== null) {
    const refusal = policy.check(host);
    if (refusal !== null) throw new SsrfBlockedError(refusal);
  }
  let basicAuth: string | null = null;
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url, basicAuth };
}

/** The URL as it may be shown in outcomes, logs and alerts: userinfo removed. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}
