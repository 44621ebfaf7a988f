import { describe, expect, it } from '@jest/globals';
import { ALERT_ROW_SQL, exhaustedSignal, harnessForSuite, type AlertRow } from './harness.js';

describe('alerting without a destination (real NATS + Postgres)', () => {
  const h = harnessForSuite({ HERALD_ALERT_WEBHOOK_URL: '', HERALD_ALERT_TOKEN: '' });

  it('stores the alert as skipped and acks it', async () => {
    const signal = exhaustedSignal();
    await h.deliver(signal);
    await h.deliver(signal, `${signal.alertId}:again`);
    const rows = await h.query<AlertRow>(ALERT_ROW_SQL, [signal.alertId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'skipped',
      attempts: 0,
      sent_at: null,
      payload: signal,
    });
    expect(await h.metrics()).toMatch(
      /^herald_alerts_sent_total\{[^}]*result="skipped"[^}]*\} 1$/m,
    );
  });
});
