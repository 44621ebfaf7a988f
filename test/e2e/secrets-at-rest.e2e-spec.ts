import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * Secrets at rest, end to end: after a walkthrough (a tenant, an endpoint
 * with custom headers, a delivered event, a secret rotation and a delivery
 * signed with both secrets, an alert destination and a delivered test
 * alert), every row of every table of every service's Postgres schema and
 * every message of every JetStream stream of the namespace (the KV buckets
 * included) is read, and none holds a signing secret, a header value or an
 * alert token in clear.
 */
const ADMIN_TOKEN = `e2e-admin-${randomBytes(12).toString('hex')}`;
const ENV_ALERT_TOKEN = `env-alert-token-${randomBytes(12).toString('hex')}`;

describe('secrets at rest (five services)', () => {
  const stack = new TestStack({
    prefix: 'sec',
    adminToken: ADMIN_TOKEN,
    readyTimeoutMs: 120_000,
    connectNats: true,
    env: (receiver) => ({
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/operator-alerts'),
      HERALD_ALERT_TOKEN: ENV_ALERT_TOKEN,
    }),
  });
  const { receiver, namespace } = stack;
  const api = stack.api.bind(stack);

  /** Every value that must never be stored in clear, and the walkthrough that made them. */
  const secrets: string[] = [ENV_ALERT_TOKEN];
  const headerValue = `Bearer receiver-credential-${randomBytes(12).toString('hex')}`;
  const otherHeader = `team-${randomBytes(8).toString('hex')}`;
  let endpointId = '';

  beforeAll(async () => {
    await stack.start();
    await stack.tenant('acme', ['invoice.paid']);
    const endpoint = await stack.endpoint('/hooks', {
      eventTypes: ['invoice.paid'],
      headers: { Authorization: headerValue, 'X-Team': otherHeader },
    });
    endpointId = endpoint.id;
    secrets.push(endpoint.secret, headerValue, otherHeader);

    const publish = (id: string) =>
      stack.untilIngestAccepts(
        { type: 'invoice.paid', id, payload: {} },
        { what: `ingest accepts ${id}` },
      );
    await publish('evt-1');
    await pollUntil(() => receiver.on('/hooks').length >= 1, { what: 'first delivery' });

    const rotated = await api('registry', 'POST', `/v1/endpoints/${endpointId}/secret/rotate`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    secrets.push(newSecret);
    receiver.expectSecret('/hooks', newSecret);
    // The rotation reaches the dispatcher through the read model: wait for a delivery it signed.
    await pollUntil(
      async () => {
        await publish(`evt-${randomBytes(4).toString('hex')}`);
        return receiver.on('/hooks').some((request) => request.verified === true);
      },
      { what: 'a delivery signed with the new secret', intervalMs: 250 },
    );

    const destination = await api('alerting', 'POST', '/v1/alert-destinations', {
      url: receiver.url('/tenant-alerts'),
      description: 'on-call',
    });
    expect(destination.status).toBe(201);
    secrets.push(destination.body.token as string);
    const destinationId = destination.body.id as string;
    const sent = await api('alerting', 'POST', `/v1/alert-destinations/${destinationId}/test`);
    expect(sent.status).toBeLessThan(300);
    await pollUntil(() => receiver.on('/tenant-alerts').length >= 1, { what: 'a test alert' });
  }, 900_000);

  afterAll(() => stack.stop());

  /** A secret and the forms it could hide in (a signing secret's key without its prefix). */
  const needles = () =>
    secrets.flatMap((secret) =>
      secret.startsWith('whsec_') ? [secret, secret.slice('whsec_'.length)] : [secret],
    );

  it('delivered with the decrypted header values', () => {
    const delivered = receiver.on('/hooks');
    expect(delivered[0]?.headers.authorization).toBe(headerValue);
    expect(delivered[0]?.headers['x-team']).toBe(otherHeader);
    expect(receiver.on('/tenant-alerts')[0]?.headers.authorization).toBe(
      `Bearer ${secrets.at(-1)}`,
    );
  });

  it('finds no secret in clear in any table of any service', async () => {
    const client = new pg.Client({ connectionString: stack.db.url });
    await client.connect();
    try {
      const tables = await client.query<{ schema: string; name: string }>(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const schemas = new Set(tables.rows.map((t) => t.schema));
      expect([...schemas]).toEqual(
        expect.arrayContaining(['registry', 'ingest', 'dispatcher', 'health', 'alerting']),
      );
      const found: string[] = [];
      let rows = 0;
      let sealed = 0;
      for (const { schema, name } of tables.rows) {
        const result = await client.query<{ row: string }>(
          `SELECT t::text AS row FROM "${schema}"."${name}" t`,
        );
        for (const { row } of result.rows) {
          rows += 1;
          if (row.includes('enc:v1:')) sealed += 1;
          for (const needle of needles()) if (row.includes(needle)) found.push(`${schema}.${name}`);
        }
      }
      expect(found).toEqual([]);
      // The scan saw the walkthrough: the endpoint and both destinations, encrypted.
      expect(rows).toBeGreaterThan(10);
      expect(sealed).toBeGreaterThanOrEqual(3);
    } finally {
      await client.end();
    }
  });

  it('finds no secret in clear in any stream or KV bucket of the namespace', async () => {
    const jsm = await jetstreamManager(stack.nc);
    const prefixes = [
      `${namespace.toUpperCase().replace(/-/g, '_')}_`,
      `KV_${namespace.replace(/-/g, '_')}_`,
    ];
    const found: string[] = [];
    let messages = 0;
    let registryEndpoint = '';
    for await (const info of jsm.streams.list()) {
      if (!prefixes.some((p) => info.config.name.startsWith(p))) continue;
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
        const message = await jsm.streams.getMessage(info.config.name, { seq }).catch(() => null);
        if (!message) continue;
        messages += 1;
        const header = message.header;
        const headerText = header
          ? header
              .keys()
              .map((name) => `${name}: ${header.values(name).join(', ')}`)
              .join('\n')
          : '';
        const text = `${message.subject} ${headerText} ${message.string()}`;
        if (message.subject.endsWith(`.endpoint.${endpointId}`)) registryEndpoint = text;
        for (const needle of needles()) if (text.includes(needle)) found.push(message.subject);
      }
    }
    expect(found).toEqual([]);
    // Delivery and attempt streams drop acknowledged messages; the registry bucket keeps one
    // value per key: at least the tenant, its API key, the endpoint and the event type.
    expect(messages).toBeGreaterThanOrEqual(4);
    // The endpoint's key of the registry bucket holds its secrets and header values sealed.
    expect(registryEndpoint).toContain('enc:v1:');
    expect(registryEndpoint).toContain('"X-Team"');
  });
});
