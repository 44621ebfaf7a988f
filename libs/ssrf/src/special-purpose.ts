/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
 * its updates), as data: every block with whether the registry calls it
 * globally reachable. Herald refuses an address whose most specific matching
 * block is not globally reachable; blocks the registry marks "N/A" (6to4,
 * Teredo) and ranges outside the registries that no receiver lives at
 * (multicast, deprecated site-local) are refused too.
 *
 * Blocks that carry an IPv4 address inside an IPv6 one are listed separately
 * in `EMBEDDED_V4`: their embedded address is what gets judged.
 */
export interface SpecialBlock {
  readonly cidr: string;
  readonly name: string;
  readonly globallyReachable: boolean;
}

export const IPV4_SPECIAL: readonly SpecialBlock[] = [
  { cidr: '0.0.0.0/8', name: 'this network', globallyReachable: false },
  { cidr: '0.0.0.0/32', name: 'this host on this network', globallyReachable: false },
  { cidr: '10.0.0.0/8', name: 'private-use', globallyReachable: false },
  { cidr: '100.64.0.0/10', name: 'shared address space', globallyReachable: false },
  { cidr: '127.0.0.0/8', name: 'loopback', globallyReachable: false },
  { cidr: '169.254.0.0/16', name: 'link local', globallyReachable: false },
  { cidr: '172.16.0.0/12', name: 'private-use', globallyReachable: false },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments', globallyReachable: false },
  { cidr: '192.0.0.0/29', name: 'IPv4 service continuity prefix', globallyReachable: false },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', globallyReachable: false },
  { cidr: '192.0.0.9/32', name: 'port control protocol anycast', globallyReachable: true },
  { cidr: '192.0.0.10/32', name: 'TURN anycast', globallyReachable: true },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 discovery', globallyReachable: false },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 discovery', globallyReachable: false },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)', globallyReachable: false },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', globallyReachable: true },
  { cidr: '192.52.193.0/24', name: 'AMT', globallyReachable: true },
  { cidr: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast', globallyReachable: false },
  { cidr: '192.168.0.0/16', name: 'private-use', globallyReachable: false },
  { cidr: '192.175.48.0/24', name: 'direct delegation AS112 service', globallyReachable: true },
  { cidr: '198.18.0.0/15', name: 'benchmarking', globallyReachable: false },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', globallyReachable: false },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)', globallyReachable: false },
  { cidr: '224.0.0.0/4', name: 'multicast', globallyReachable: false },
  { cidr: '240.0.0.0/4', name: 'reserved', globallyReachable: false },
  { cidr: '255.255.255.255/32', name: 'limited broadcast', globallyReachable: false },
];

export const IPV6_SPECIAL: readonly SpecialBlock[] = [
  { cidr: '::/128', name: 'unspecified address', globallyReachable: false },
  { cidr: '::1/128', name: 'loopback address', globallyReachable: false },
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)', globallyReachable: false },
  { cidr: '64:ff9b:1::/48', name: 'local-use IPv4/IPv6 translation', globallyReachable: false },
  { cidr: '100::/64', name: 'discard-only', globallyReachable: false },
  { cidr: '100:0:0:1::/64', name: 'dummy IPv6 prefix', globallyReachable: false },
  { cidr: '2001::/23', name: 'IETF protocol assignments', globallyReachable: false },
  { cidr: '2001::/32', name: 'Teredo', globallyReachable: false },
  { cidr: '2001:1::1/128', name: 'port control protocol anycast', globallyReachable: true },
  { cidr: '2001:1::2/128', name: 'TURN anycast', globallyReachable: true },
  { cidr: '2001:1::3/128', name: 'DNS-SD service registration anycast', globallyReachable: true },
  { cidr: '2001:2::/48', name: 'benchmarking', globallyReachable: false },
  { cidr: '2001:3::/32', name: 'AMT', globallyReachable: true },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', globallyReachable: true },
  { cidr: '2001:10::/28', name: 'deprecated ORCHID', globallyReachable: false },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', globallyReachable: true },
  { cidr: '2001:30::/28', name: 'drone remote ID entity tags', globallyReachable: true },
  { cidr: '2001:db8::/32', name: 'documentation', globallyReachable: false },
  { cidr: '2002::/16', name: '6to4', globallyReachable: false },
  { cidr: '2620:4f:8000::/48', name: 'direct delegation AS112 service', globallyReachable: true },
  { cidr: '3fff::/20', name: 'documentation', globallyReachable: false },
  { cidr: '5f00::/16', name: 'segment routing (SRv6) SIDs', globallyReachable: false },
  { cidr: 'fc00::/7', name: 'unique-local', globallyReachable: false },
  { cidr: 'fe80::/10', name: 'link-local unicast', globallyReachable: false },
  { cidr: 'fec0::/10', name: 'site-local (deprecated)', globallyReachable: false },
  { cidr: 'ff00::/8', name: 'multicast', globallyReachable: false },
];

/**
 * IPv6 blocks whose last 32 bits are an IPv4 address that a translator or
 * the host's own stack connects to: the embedded address is judged by the
 * IPv4 table (and by the allow-list) as if it had been given directly.
 */
export const EMBEDDED_V4: readonly SpecialBlock[] = [
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped', globallyReachable: false },
  { cidr: '::ffff:0:0:0/96', name: 'IPv4-translated', globallyReachable: false },
  { cidr: '64:ff9b::/96', name: 'IPv4/IPv6 translation (NAT64)', globallyReachable: true },
];
