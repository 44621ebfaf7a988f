import { describe, expect, it } from '@jest/globals';
import { AddressPolicy } from './address-policy.js';

describe('AddressPolicy', () => {
  const strict = new AddressPolicy(false);

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
  ])('refuses %s', (address) => {
    expect(strict.check(address)).toMatch(/private or reserved/);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(strict.check(address)).toBeNull();
    },
  );

  it('re-opens allow-listed ranges only', () => {
    const policy = new AddressPolicy(false, ['127.0.0.0/8']);
    expect(policy.check('127.0.0.1')).toBeNull();
    expect(policy.check('::ffff:127.0.0.1')).toBeNull();
    expect(policy.check('10.0.0.1')).not.toBeNull();
  });

  it('allows everything when private networks are allowed', () => {
    expect(new AddressPolicy(true).check('127.0.0.1')).toBeNull();
  });

  it('rejects malformed allow-list entries', () => {
    expect(() => new AddressPolicy(false, ['not-a-cidr'])).toThrow(/not a CIDR/);
  });
});
