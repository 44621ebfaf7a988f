import { describe, expect, it } from '@jest/globals';
import { AddressPolicy } from '@herald/ssrf';
import { checkEndpointUrl } from './endpoint-url.js';

const strict = new AddressPolicy(false);
const check = (url: string, policy = strict, max = 2048) => checkEndpointUrl(url, policy, max);

describe('checkEndpointUrl', () => {
  it('accepts http and https URLs with a host name', () => {
    expect(check('https://example.com/hooks?x=1')).toBeNull();
    expect(check('http://hooks.example.com:8080/a')).toBeNull();
  });

  it('refuses what does not parse as an absolute URL', () => {
    expect(check('not a url')).toMatch(/absolute URL/);
    expect(check('/relative/path')).toMatch(/absolute URL/);
  });

  it('refuses schemes other than http and https', () => {
    expect(check('ftp://example.com/')).toBe('scheme must be http or https, not ftp');
    expect(check('file:///etc/passwd')).toMatch(/scheme/);
  });

  it('refuses credentials in the URL', () => {
    expect(check('https://user:pass@example.com/')).toMatch(/credentials/);
    expect(check('https://user@example.com/')).toMatch(/credentials/);
  });

  it('refuses URLs longer than the limit', () => {
    const url = `https://example.com/${'a'.repeat(100)}`;
    expect(check(url, strict, 50)).toBe('must be at most 50 characters');
    expect(check(url, strict, url.length)).toBeNull();
  });

  it('refuses private, loopback and metadata IP literals, in any spelling', () => {
    expect(check('http://127.0.0.1/')).toMatch(/private or reserved/);
    expect(check('http://2130706433/')).toMatch(/private or reserved/);
    expect(check('http://0x7f.1/')).toMatch(/private or reserved/);
    expect(check('http://169.254.169.254/latest')).toMatch(/private or reserved/);
    expect(check('http://[::1]:8080/')).toMatch(/private or reserved/);
    expect(check('http://[::ffff:10.0.0.1]/')).toMatch(/private or reserved/);
  });

  it('accepts public IP literals', () => {
    expect(check('https://93.184.216.34/')).toBeNull();
    expect(check('https://[2606:4700::1111]/')).toBeNull();
  });

  it('follows the policy: private networks allowed, or an allow-listed range', () => {
    expect(check('http://127.0.0.1:9000/', new AddressPolicy(true))).toBeNull();
    expect(check('http://10.1.2.3/', new AddressPolicy(false, ['10.1.0.0/16']))).toBeNull();
    expect(check('http://10.2.0.1/', new AddressPolicy(false, ['10.1.0.0/16']))).not.toBeNull();
  });

  it('does not resolve host names (the dispatcher checks resolved addresses)', () => {
    expect(check('http://localhost:8080/')).toBeNull();
  });
});
