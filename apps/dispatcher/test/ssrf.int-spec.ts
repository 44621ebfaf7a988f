import { describe, expect, it } from '@jest/globals';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** Without the allow-list the SSRF guard refuses loopback, by IP literal and by hostname. */
describe('dispatcher SSRF guard (real NATS)', () => {
  const h = Harness.forSuite({ HERALD_ALLOWED_CIDRS: '' });

  it.each([
    ['an IP literal', (port: string) => `http://127.0.0.1:${port}/private`],
    ['a hostname resolving to loopback', (port: string) => `http://localhost:${port}/private`],
  ])('refuses %s: final ssrf_blocked at once, nothing sent', async (_what, url) => {
    const port = new URL(h.receiver.url('/')).port;
    const endpoint = await h.putEndpoint(endpointAt(url(port)));
    await h.publishTask(taskFor(endpoint));

    const outcomes = await h.finalAttempts(endpoint.id);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      attempt: 1,
      outcome: 'failure',
      reason: 'ssrf_blocked',
      statusCode: null,
      final: true,
    });
    expect(outcomes[0]!.error).toMatch(/private or reserved/);
    expect(h.receiver.on('/private')).toHaveLength(0);
  });
});
