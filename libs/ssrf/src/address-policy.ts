import ipaddr from 'ipaddr.js';
import { parseAllowedCidr, parseStrictAddress, type Cidr } from './allowed-cidrs.js';
import { EMBEDDED_V4, IPV4_SPECIAL, IPV6_SPECIAL, type SpecialBlock } from './special-purpose.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type ParsedBlock = SpecialBlock & { range: Cidr };

const parseBlocks = (blocks: readonly SpecialBlock[]): ParsedBlock[] =>
  blocks.map((block) => ({ ...block, range: ipaddr.parseCIDR(block.cidr) }));

const V4 = parseBlocks(IPV4_SPECIAL);
const V6 = parseBlocks(IPV6_SPECIAL);
const EMBEDDING = parseBlocks(EMBEDDED_V4);

const inRange = (ip: Address, [network, prefix]: Cidr): boolean =>
  ip.kind() === network.kind() && ip.match(network, prefix);

/** The most specific block containing the address: the registry's own precedence. */
function mostSpecific(ip: Address, blocks: ParsedBlock[]): ParsedBlock | undefined {
  let best: ParsedBlock | undefined;
  for (const block of blocks) {
    if (inRange(ip, block.range) && (!best || block.range[1] > best.range[1])) best = block;
  }
  return best;
}

/** The IPv4 address in the last 32 bits of an IPv6 one. */
function lastV4(ip: ipaddr.IPv6): ipaddr.IPv4 {
  return new ipaddr.IPv4(ip.toByteArray().slice(12));
}

/**
 * The SSRF guard's decision: may Herald open a connection to this address?
 * Refused: every block of the IANA special-purpose registries that is not
 * globally reachable (see `special-purpose.ts`), multicast, 6to4 and Teredo
 * as whole blocks, and IPv6 forms that embed an IPv4 address (mapped,
 * translated, NAT64) whenever that IPv4 address is refused. An allow-list of
 * CIDRs re-opens chosen ranges (development receivers, an internal network);
 * it applies to an address as given and to the IPv4 address it embeds.
 */
export class AddressPolicy {
  private readonly allowed: Cidr[];

  /**
   * @param allowPrivate true turns the guard off (local development only).
   * @param allowCidrs ranges allowed even though they are refused by default,
   *   e.g. `127.0.0.0/8`; a malformed entry throws (see `parseAllowedCidr`).
   */
  constructor(
    private readonly allowPrivate: boolean,
    allowCidrs: readonly string[] = [],
  ) {
    this.allowed = allowCidrs.map(parseAllowedCidr);
  }

  /** Returns why an address is refused, or null when it may be used. */
  check(address: string): string | null {
    if (this.allowPrivate) return null;
    const ip = parseStrictAddress(address);
    if (ip === null) return `"${address}" is not an IP address`;
    return this.judge(ip);
  }

  private judge(ip: Address): string | null {
    if (this.allowed.some((range) => inRange(ip, range))) return null;
    if (ip.kind() === 'ipv6') {
      const embedding = mostSpecific(ip, EMBEDDING);
      if (embedding) {
        const v4 = lastV4(ip as ipaddr.IPv6);
        const refusal = this.judge(v4);
        return refusal && `${refusal}, embedded in ${ip.toString()} (${embedding.name})`;
      }
    }
    const block = mostSpecific(ip, ip.kind() === 'ipv4' ? V4 : V6);
    if (block && !block.globallyReachable) {
      return `address ${ip.toString()} is in a private or reserved range (${block.name})`;
    }
    return null;
  }
}
