import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@herald/config';
import { loadIngestConfig } from './config.js';

describe('loadIngestConfig', () => {
  it('applies defaults', () => {
    const config = loadIngestConfig({});
    expect(config.HERALD_INGEST_PORT).toBe(8080);
    expect(config.HERALD_RESEND_RATE).toBe(10);
    expect(config.HERALD_RESEND_BURST).toBe(20);
  });

  it('accepts a fractional resend rate', () => {
    expect(loadIngestConfig({ HERALD_RESEND_RATE: '0.5' }).HERALD_RESEND_RATE).toBe(0.5);
  });

  it('fails fast, naming the variable, on a rate or burst that cannot work', () => {
    expect(() => loadIngestConfig({ HERALD_RESEND_RATE: '0' })).toThrow(/HERALD_RESEND_RATE/);
    expect(() => loadIngestConfig({ HERALD_RESEND_BURST: '1.5' })).toThrow(/HERALD_RESEND_BURST/);
    expect(() => loadIngestConfig({ HERALD_RESEND_BURST: 'lots' })).toThrow(ConfigError);
  });
});
