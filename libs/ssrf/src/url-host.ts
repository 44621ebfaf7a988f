import { isIP } from 'node:net';

/**
 * The host of a parsed URL when it is an IP literal (IPv6 without its
 * brackets), else null. Node connects to an IP literal without a DNS lookup,
 * so `guardedLookup` never sees it: every URL check judges this host against
 * the policy up front. WHATWG parsing has already normalised `0x7f.1` or
 * `2130706433` to `127.0.0.1`.
 */
export function ipLiteralHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? null : host;
}
