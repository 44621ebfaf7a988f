import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses one allow-list entry strictly: `a.b.c.d/n` (n 0–32, dotted decimal
 * only), `h:h::h/n` (n 0–128), or a bare address meaning that one host. A
 * missing or out-of-range prefix, host bits set beyond the prefix, or
 * anything else is an error that names the entry, never a silent `/0`.
 */
export function parseAllowedCidr(entry: string): Cidr {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const prefixText = slash === -1 ? undefined : entry.slice(slash + 1);
  const ip = parseStrictAddress(address);
  if (ip === null) throw new Error(`"${entry}" is not a CIDR range (expected e.g. 10.1.0.0/16)`);
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return [ip, max];
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new Error(`"${entry}" has no valid prefix length (0–${max} after the "/")`);
  }
  const prefix = Number(prefixText);
  const network = ipaddr.parse(
    ip.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`).toString(),
  );
  if (network.toString() !== ip.toString()) {
    throw new Error(`"${entry}" has host bits set; did you mean ${network.toString()}/${prefix}?`);
  }
  return [ip, prefix];
}

/** Dotted-decimal IPv4 or IPv6 (zone ids refused); null for anything else. */
export function parseStrictAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes('%')) return null;
  const v6 = hexTail(text);
  return v6 !== null && ipaddr.IPv6.isValid(v6) ? ipaddr.IPv6.parse(v6) : null;
}

/**
 * `::a.b.c.d` → `::hhhh:hhhh`. ipaddr.js reads every `::a.b.c.d` as the
 * IPv4-mapped `::ffff:a.b.c.d`, which would hide the IPv4-compatible form;
 * writing the dotted tail as hex first keeps the address as given.
 */
function hexTail(text: string): string | null {
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (!dotted) return text;
  const [, head, tail] = dotted;
  if (!head || !tail || !ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
  const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets as [number, number, number, number];
  return `${head}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** `HERALD_ALLOWED_CIDRS`: comma-separated entries, blanks ignored. */
export function parseAllowedCidrs(value: string): Cidr[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseAllowedCidr);
}
