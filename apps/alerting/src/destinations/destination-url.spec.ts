import { describe, expect, it } from '@jest/globals';
import { AddressPolicy } from '@herald/ssrf';
import { destinationUrlProblem } from './destination-url.js';

const strict = new AddressPolicy(false);
const localAllowed = new AddressPolicy(false, ['127.0.0.0/8']);

describe('destinationUrlProblem', () => {
  it('accepts public https URLs', () => {
    expect(destinationUrlProblem('https://ops.example.com/hooks/herald', strict, false)).toBeNull();
    expect(destinationUrlProblem('https://93.184.216.34/x', strict, false)).toBeNull();
  });

  it('refuses plain http unless the development allow-list covers the host', () => {
    expect(destinationUrlProblem('http://ops.example.com/hook', strict, false)).toMatch(/https/);
    expect(destinationUrlProblem('http://93.184.216.34/hook', localAllowed, false)).toMatch(
      /https/,
    );
    expect(destinationUrlProblem('http://127.0.0.1:9000/alerts', localAllowed, false)).toBeNull();
    expect(destinationUrlProblem('http://ops.example.com/hook', strict, true)).toBeNull();
  });

  it('refuses private and reserved literal addresses unless allow-listed', () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://10.0.0.8/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
    ]) {
      expect(destinationUrlProblem(url, strict, false)).toMatch(/private or reserved/);
    }
    expect(destinationUrlProblem('https://127.0.0.1/x', localAllowed, false)).toBeNull();
  });

  it('refuses credentials, other schemes, garbage and overlong URLs', () => {
    expect(destinationUrlProblem('https://u:p@example.com/', strict, false)).toMatch(/credentials/);
    expect(destinationUrlProblem('ftp://example.com/', strict, false)).toMatch(/https/);
    expect(destinationUrlProblem('not a url', strict, false)).toMatch(/absolute/);
    expect(
      destinationUrlProblem(`https://example.com/${'a'.repeat(2_048)}`, strict, false),
    ).toMatch(/2048/);
  });
});
