import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil, WebhookReceiver } from '@herald/testing';
import { DeadLettersHarness } from './dead-letters.fixtures.js';

/**
 * The whole dispatcher: a replayed dead letter is delivered again by the
 * delivery engine — same message id and exact payload, signed, in its replay chain.
 */
describe('dead letters: a replay is delivered', () => {
  const receiver = new WebhookReceiver();
  let h: DeadLettersHarness;

  beforeAll(async () => {
    await receiver.start();
    h = await DeadLettersHarness.start({ HERALD_REPLAY_RATE: '100' }, { engine: true });
  });
  afterAll(async () => {
    await h?.stop();
    await receiver.stop();
  });

  it('delivers the dead letter to its endpoint again once replayed', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId, { url: receiver.url('/recovered') });
    receiver.expectSecret('/recovered', endpoint.secrets[0] ?? '');
    const payload = '{"amount": 12.50,"currency":"EUR"}';
    const task = await h.deadLetter(endpoint, { payload });

    const started = await h.api('POST', `/v1/endpoints/${endpoint.id}/recover`, apiKey, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(started.status).toBe(202);

    const [request] = await pollUntil(
      () => receiver.on('/recovered').length > 0 && receiver.on('/recovered'),
      { what: 'the replayed delivery' },
    );
    expect(request?.body).toBe(payload);
    expect(request?.headers['webhook-id']).toBe(task.messageId);
    expect(request?.verified).toBe(true);
    expect(await h.finished(apiKey, started.body.replayId)).toMatchObject({ published: 1 });
  });
});
