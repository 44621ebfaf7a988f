import { describe, expect, it } from '@jest/globals';
import { alertIdFor } from '../src/alerts/alert-id.js';
import { outcomeFor } from './fixtures.js';
import { harnessForSuite } from './harness.js';

describe('health-monitor and 410 Gone (real NATS + Postgres)', () => {
  const h = harnessForSuite();

  it('publishes one endpoint.disabled alert (and no delivery.exhausted) for an endpoint_gone outcome', async () => {
    const acme = await h.tenant();
    const gone = outcomeFor(acme, {
      outcome: 'failure',
      reason: 'endpoint_gone',
      statusCode: 410,
      error: 'HTTP 410',
      responseBody: null,
      final: true,
    });
    await h.deliver(gone);
    // A different Nats-Msg-Id gets past JetStream de-duplication, as a redelivery would.
    await h.deliver(gone, `${gone.attemptId}:again`);

    const alertId = alertIdFor('endpoint.disabled', gone.attemptId, acme.endpointId);
    expect(await h.alerts()).toEqual([
      {
        msgId: alertId,
        signal: {
          kind: 'endpoint.disabled',
          alertId,
          tenantId: acme.id,
          endpointId: acme.endpointId,
          endpointUrl: 'https://example.com/hook',
          reason: 'endpoint_gone',
          statusCode: 410,
          failingSince: null,
          occurredAt: gone.at,
        },
      },
    ]);
    const [row] = await h.query<{ reason: string; status_code: number }>(
      'SELECT reason, status_code FROM attempts WHERE attempt_id = $1',
      [gone.attemptId],
    );
    expect(row).toEqual({ reason: 'endpoint_gone', status_code: 410 });
  });
});
