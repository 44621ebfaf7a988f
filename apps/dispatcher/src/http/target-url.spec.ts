import { describe, expect, it } from '@jest/globals';
import { AddressPolicy } from '@herald/ssrf';
import { InvalidUrlError, SsrfBlockedError } from './errors.js';
import { displayUrl, resolveTarget } from './target-url.js';

const strict = new AddressPolicy(false);

describe('resolveTarget', () => {
  it('accepts public http and https URLs as they are', () => {
    const target = resolveTarget('https://hooks.example.com/a?b=1', strict);
    expect(target.url.toString()).toBe('https://hooks.example.com/a?b=1');
    expect(target.basicAuth).toBeNull();
  });

  it.each(['not a url', '/relative', 'ftp://example.com/x', 'file:///etc/passwd'])(
    'refuses %s as an invalid URL',
    (raw) => {
      expect(() => resolveTarget(raw, strict)).toThrow(InvalidUrlError);
    },
  );

  it.each([
    'http://127.0.0.1:8080/x',
    'http://10.0.0.5/x',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://0.0.0.0/x',
  ])('refuses the IP literal in %s before connecting', (raw) => {
    expect(() => resolveTarget(raw, strict)).toThrow(SsrfBlockedError);
  });

  it('lets allow-listed ranges through', () => {
    const policy = new AddressPolicy(false, ['127.0.0.0/8']);
    expect(resolveTarget('http://127.0.0.1:9/x', policy).url.host).toBe('127.0.0.1:9');
  });

  it('moves URL credentials into a Basic authorization value', () => {
    const target = resolveTarget('https://us%40er:p%3Ass@hooks.example.com/x', strict);
    expect(target.url.toString()).toBe('https://hooks.example.com/x');
    expect(target.basicAuth).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
  });
});

describe('displayUrl', () => {
  it('strips credentials from parsable and unparsable URLs alike', () => {
    expect(displayUrl('https://user:pw@hooks.example.com/x')).toBe('https://hooks.example.com/x');
    expect(displayUrl('https://user:pw@exa mple.com/x')).toBe('https://exa mple.com/x');
  });
});
