import { BlockList, isIP } from 'node:net';

/**
 * SSRF guard: which network addresses Herald may send webhooks to. Refused:
 * loopback, private (RFC 1918, ULA), link-local (including cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast, reserved and unspecified
 * (`0.0.0.0`, `::`) ranges, and IPv4-mapped IPv6 forms of all of these.
 * An allow-list of CIDRs re-opens chosen ranges for development and tests.
 */
const FORBIDDEN_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const FORBIDDEN_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
];

const forbidden = new BlockList();
for (const [net, prefix] of FORBIDDEN_V4) forbidden.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of FORBIDDEN_V6) forbidden.addSubnet(net, prefix, 'ipv6');

export class AddressPolicy {
  private readonly allowed = new BlockList();

  /**
   * @param allowPrivate true turns the guard off (local development only).
   * @param allowCidrs ranges allowed even though they are forbidden by default, e.g. `127.0.0.0/8`.
   */
  constructor(
    private readonly allowPrivate: boolean,
    allowCidrs: readonly string[] = [],
  ) {
    for (const cidr of allowCidrs) {
      const [net, prefix] = cidr.split('/');
      const family = isIP(net ?? '') === 6 ? 'ipv6' : 'ipv4';
      if (!net || isIP(net) === 0) throw new Error(`"${cidr}" is not a CIDR range`);
      this.allowed.addSubnet(net, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
    }
  }

  /** Returns why an address is refused, or null when it may be used. */
  check(address: string): string | null {
    if (this.allowPrivate) return null;
    const family = isIP(address);
    if (family === 0) return `"${address}" is not an IP address`;
    const v4 = family === 6 ? mappedV4(address) : address;
    if (v4 !== null) {
      if (this.allowed.check(v4, 'ipv4')) return null;
      return forbidden.check(v4, 'ipv4') ? `address ${v4} is in a private or reserved range` : null;
    }
    if (this.allowed.check(address, 'ipv6')) return null;
    return forbidden.check(address, 'ipv6')
      ? `address ${address} is in a private or reserved range`
      : null;
  }
}

/** `::ffff:10.0.0.1` (or `::ffff:a00:1`) → `10.0.0.1`; null for other IPv6 addresses. */
function mappedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}
