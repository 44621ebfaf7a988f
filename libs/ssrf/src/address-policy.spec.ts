import { describe, expect, it } from '@jest/globals';
import ipaddr from 'ipaddr.js';
import { AddressPolicy } from './address-policy.js';
import { EMBEDDED_V4, IPV4_SPECIAL, IPV6_SPECIAL, type SpecialBlock } from './special-purpose.js';

const strict = new AddressPolicy(false);

/** The first, last and a middle address of a block. */
function samples(cidr: string): string[] {
  const [network, prefix] = ipaddr.parseCIDR(cidr);
  const first = ipaddr.parse(
    network.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(cidr).toString(),
  );
  const last =
    network.kind() === 'ipv4'
      ? ipaddr.IPv4.broadcastAddressFromCIDR(cidr)
      : ipaddr.IPv6.broadcastAddressFromCIDR(cidr);
  const bytes = first.toByteArray();
  const hostBytes = Math.floor(((network.kind() === 'ipv4' ? 32 : 128) - prefix) / 8);
  if (hostBytes > 0) bytes[bytes.length - hostBytes] = 0x5a;
  const middle = ipaddr.fromByteArray(bytes);
  return [...new Set([first.toString(), middle.toString(), last.toString()])];
}

/** Blocks more specific than `block` that are globally reachable (exceptions inside it). */
const reachableInside = (block: SpecialBlock, table: readonly SpecialBlock[]) =>
  table
    .filter((other) => other.globallyReachable && other.cidr !== block.cidr)
    .map((other) => ipaddr.parseCIDR(other.cidr))
    .filter(([, bits]) => bits > ipaddr.parseCIDR(block.cidr)[1]);

function corpus(table: readonly SpecialBlock[], reachable: boolean): [string, string][] {
  return table
    .filter((block) => block.globallyReachable === reachable)
    .flatMap((block) =>
      samples(block.cidr)
        .filter(
          (address) =>
            reachable ||
            !reachableInside(block, table).some(([net, bits]) =>
              ipaddr.parse(address).match(net, bits),
            ),
        )
        .map((address): [string, string] => [block.name, address]),
    );
}

describe('AddressPolicy: IANA special-purpose registries', () => {
  it.each(corpus(IPV4_SPECIAL, false))('refuses IPv4 %s: %s', (_name, address) => {
    expect(strict.check(address)).toMatch(/private or reserved/);
  });

  it.each(corpus(IPV6_SPECIAL, false))('refuses IPv6 %s: %s', (_name, address) => {
    expect(strict.check(address)).toMatch(/private or reserved/);
  });

  it.each([...corpus(IPV4_SPECIAL, true), ...corpus(IPV6_SPECIAL, true)])(
    'allows the globally reachable %s: %s',
    (_name, address) => {
      expect(strict.check(address)).toBeNull();
    },
  );

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '223.255.255.255',
    '2606:4700::1111',
    '2a00:1450:4001:81b::200e',
    '2001:4860:4860::8888',
    '2003::1',
    '2001:200::1',
  ])('allows the global address %s (positive control)', (address) => {
    expect(strict.check(address)).toBeNull();
  });
});

describe('AddressPolicy: IPv6 forms that embed IPv4', () => {
  it.each([
    ['IPv4-mapped, dotted', '::ffff:127.0.0.1'],
    ['IPv4-mapped, hex', '::ffff:7f00:1'],
    ['IPv4-mapped, metadata', '::ffff:169.254.169.254'],
    ['IPv4-translated', '::ffff:0:a00:1'],
    ['IPv4-translated, dotted', '::ffff:0:192.168.1.1'],
    ['NAT64 well-known prefix', '64:ff9b::127.0.0.1'],
    ['NAT64 well-known prefix, hex', '64:ff9b::a9fe:a9fe'],
    ['NAT64 local-use prefix', '64:ff9b:1::8.8.8.8'],
    ['IPv4-compatible', '::127.0.0.1'],
    ['IPv4-compatible, global', '::8.8.8.8'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['6to4 of a global address', '2002:808:808::1'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['Teredo, server 127.0.0.1', '2001:0:7f00:1::'],
  ])('refuses %s: %s', (_what, address) => {
    expect(strict.check(address)).toMatch(/private or reserved/);
  });

  it.each(['::ffff:8.8.8.8', '::ffff:0:808:808', '64:ff9b::808:808', '64:ff9b::1.1.1.1'])(
    'allows %s, whose embedded IPv4 is global',
    (address) => {
      expect(strict.check(address)).toBeNull();
    },
  );

  it('judges every embedding block by its embedded address', () => {
    for (const { cidr } of EMBEDDED_V4) {
      const [net] = ipaddr.parseCIDR(cidr);
      const bytes = net.toByteArray();
      bytes.splice(12, 4, 10, 0, 0, 1);
      expect(strict.check(ipaddr.fromByteArray(bytes).toString())).toMatch(/10\.0\.0\.1/);
      bytes.splice(12, 4, 8, 8, 4, 4);
      expect(strict.check(ipaddr.fromByteArray(bytes).toString())).toBeNull();
    }
  });
});

describe('AddressPolicy: input and switches', () => {
  it.each(['not-an-ip', '0x7f.1', '2130706433', '127.1', 'fe80::1%eth0', ''])(
    'refuses %j as not an IP address',
    (text) => {
      expect(strict.check(text)).toMatch(/not an IP address/);
    },
  );

  it('re-opens allow-listed ranges only, including their mapped forms', () => {
    const policy = new AddressPolicy(false, ['127.0.0.0/8']);
    expect(policy.check('127.0.0.1')).toBeNull();
    expect(policy.check('::ffff:127.0.0.1')).toBeNull();
    expect(policy.check('10.0.0.1')).not.toBeNull();
    expect(policy.check('::1')).not.toBeNull();
  });

  it('allows everything when private networks are allowed', () => {
    expect(new AddressPolicy(true).check('127.0.0.1')).toBeNull();
  });

  it('rejects malformed allow-list entries', () => {
    expect(() => new AddressPolicy(false, ['not-a-cidr'])).toThrow(/not a CIDR/);
  });
});
