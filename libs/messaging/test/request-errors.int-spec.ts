import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_NATS_URL } from '@herald/testing';

/**
 * nats.js, as patched (`patches/@nats-io__nats-core@3.4.0.patch`, ADR 0118):
 * a request that is answered builds no error. Unpatched, every answered
 * request — each JetStream publish is one — ended in `cancel()`, which
 * rejected the settled promise with a new `RequestError` and its stack
 * trace. A failed request still rejects with one.
 */
describe('nats.js requests (real NATS)', () => {
  it('builds no RequestError for an answered request, and still one for a failed request', async () => {
    const script = path.join(import.meta.dirname, 'fixtures', 'count-request-errors.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, TEST_NATS_URL]);
    const counted = JSON.parse(stdout) as Record<string, unknown>;
    expect(counted).toMatchObject({ answered: 50, bySuccesses: 0, failure: 'RequestError' });
    // The control: the counting sees the errors a failure builds.
    expect(counted['byFailure']).toBeGreaterThan(0);
  });
});
