import { describe, expect, it } from '@jest/globals';
import { alertUrl } from './alert-url.js';

describe('alertUrl', () => {
  it('keeps a plain URL as it is', () => {
    expect(alertUrl('https://example.com/hooks/herald')).toBe('https://example.com/hooks/herald');
  });

  it('drops credentials and fragments and redacts every query value', () => {
    expect(alertUrl('https://user:pw@example.com/h?token=s3cret&a=1&a=2#frag')).toBe(
      'https://example.com/h?token=redacted&a=redacted&a=redacted',
    );
  });

  it('says so instead of echoing something that is not a URL', () => {
    expect(alertUrl('not a url with s3cret')).toBe('(invalid URL)');
  });
});
