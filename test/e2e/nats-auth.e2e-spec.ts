import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { decode } from '@nats-io/jwt';
import { HERALD_SERVICES } from '@herald/nats-auth';
import { JwtNats, pollUntil, TestStack } from '@herald/testing';

/**
 * NATS in operator mode (decentralized JWT auth), with each of the five
 * services running as its own least-privilege user and a tenant's producer
 * using the credentials the registry issued: it publishes to its tenant's
 * ingest subjects and nothing else, and revocation shuts it out.
 */
const describeJwt = JwtNats.available() ? describe : describe.skip;

interface Credential {
  id: string;
  creds: string;
  publicKey: string;
  subject: string;
  inboxPrefix: string;
}

const errorOf = async (work: () => Promise<unknown>): Promise<Error> => {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected it to be refused');
};

describeJwt('NATS decentralized auth: services and producers', () => {
  let nats: JwtNats;
  // Each service its own NATS user; the server goes with the test's streams.
  const stack = new TestStack({
    prefix: 'jwt',
    readyTimeoutMs: 120_000,
    natsUrl: () => nats.url,
    keepNamespace: true,
    serviceEnv: () => {
      const perService = Object.fromEntries(
        HERALD_SERVICES.map((service) => [service, nats.serviceEnv(service)]),
      );
      return {
        ...perService,
        registry: {
          ...perService.registry,
          ...nats.install.registryEnv,
          HERALD_QUOTA_NATS_CREDENTIALS: '2',
        },
      };
    },
  });
  const { namespace, ns, receiver } = stack;
  let tenantId: string;
  let otherTenantId: string;
  let credential: Credential;
  let producer: NatsConnection;

  const api = (method: string, route: string, body?: unknown) =>
    stack.api('registry', method, route, body);

  const connectProducer = (creds: Credential, reconnect = true) =>
    connect({
      servers: nats.url,
      authenticator: credsAuthenticator(new TextEncoder().encode(creds.creds)),
      inboxPrefix: creds.inboxPrefix,
      reconnect,
      maxReconnectAttempts: 2,
      reconnectTimeWait: 100,
    });

  beforeAll(async () => {
    nats = await JwtNats.start(stack.namespace);
    await stack.start();
    ({ id: tenantId } = await stack.tenant('acme', ['order.created']));
    ({ id: otherTenantId } = await stack.tenant('globex'));
    await stack.endpoint('/orders', { eventTypes: ['order.created'] });

    const created = await api('POST', '/v1/nats-credentials', {
      name: 'billing-service',
      expiresIn: '1h',
    });
    expect(created.status).toBe(201);
    credential = created.body as unknown as Credential;
    producer = await connectProducer(credential);
  }, 180_000);

  afterAll(async () => {
    await producer?.close().catch(() => undefined);
    await stack.stop();
    await nats?.stop();
  });

  it('issues credentials limited to the tenant’s ingest subjects and its own inbox', () => {
    expect(credential.subject).toBe(`${namespace}.ingest.${tenantId}.>`);
    expect(credential.inboxPrefix).toBe(`_INBOX_${credential.publicKey}`);
    const jwt = /-----BEGIN NATS USER JWT-----\n(.+)\n/.exec(credential.creds)?.[1] ?? '';
    const claims = decode<{ pub: { allow: string[] }; sub: { allow: string[] } }>(jwt);
    expect(claims.sub).toBe(credential.publicKey);
    expect(claims.nats.pub?.allow).toEqual([`${namespace}.ingest.${tenantId}.>`]);
    expect(claims.nats.sub?.allow).toEqual([`_INBOX_${credential.publicKey}.>`]);
  });

  it('(a) publishes to its own tenant’s subject, and the event is delivered', async () => {
    const js = jetstream(producer);
    await pollUntil(
      async () => {
        const ack = await js.publish(
          ns.ingestSubject(tenantId, 'order.created'),
          JSON.stringify({ order: 42 }),
          { msgID: 'order-42' },
        );
        expect(ack.stream).toBe(ns.stream('ingest'));
        return receiver.on('/orders').length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the event over JWT-authenticated NATS' },
    );
    const delivered = receiver.on('/orders')[0]!;
    expect(delivered.verified).toBe(true);
    expect(delivered.body).toContain('"order":42');
  });

  it('(b) is refused when publishing to another tenant’s subject', async () => {
    const js = jetstream(producer);
    const error = await errorOf(() =>
      js.publish(ns.ingestSubject(otherTenantId, 'order.created'), '{"order":1}', {
        timeout: 3_000,
      }),
    );
    expect(error.message).toMatch(/Permissions Violation for Publish/);
    const refused = `${namespace}.ingest.${otherTenantId}.order.created`;
    await pollUntil(() => nats.violationsOf(credential.publicKey).join('\n').includes(refused), {
      what: 'the server to log the refused publish',
    });
  });

  it('(c) can neither read nor write the read-model bucket, nor touch the JetStream API', async () => {
    const js = jetstream(producer);
    const bucket = await new Kvm(js).open(ns.registryBucket);
    const read = await errorOf(() => bucket.get(`tenant.${tenantId}`));
    expect(read.message).toMatch(/Permissions Violation|timeout/i);
    const write = await errorOf(() => bucket.put('apikey.forged', '{"role":"admin"}'));
    expect(write.message).toMatch(/Permissions Violation/);
    const api = await errorOf(() =>
      producer.request(`$JS.API.STREAM.INFO.${ns.stream('ingest')}`, '', { timeout: 3_000 }),
    );
    expect(api.message).toMatch(/Permissions Violation/);
    const forged = `$KV.${ns.registryBucket}.apikey.forged`;
    await pollUntil(() => nats.violationsOf(credential.publicKey).join('\n').includes(forged), {
      what: 'the server to log the refused bucket write',
    });
  });

  it('(c) cannot subscribe to delivery, attempt or alert subjects', async () => {
    for (const topic of ['deliver.v1', 'attempt.v1', 'alert.v1'] as const) {
      const subscription = producer.subscribe(ns.wildcard(topic));
      const closed = await subscription.closed;
      expect(closed).toBeInstanceOf(Error);
      expect((closed as Error).message).toMatch(/Permissions Violation for Subscription/);
    }
  });

  it('runs every service as its own user, and none was refused anything it needed', () => {
    for (const service of HERALD_SERVICES) {
      const creds = readFileSync(nats.install.serviceCreds[service], 'utf8');
      const jwt = /-----BEGIN NATS USER JWT-----\n(.+)\n/.exec(creds)?.[1] ?? '';
      expect(nats.violationsOf(decode(jwt).sub)).toEqual([]);
    }
  });

  it('keeps a service to its own rights: ingest cannot write the read-model bucket', async () => {
    const ingest = await connect({
      servers: nats.url,
      authenticator: credsAuthenticator(readFileSync(nats.install.serviceCreds.ingest)),
      inboxPrefix: ns.inboxPrefix('ingest'),
      reconnect: false,
    });
    try {
      const bucket = await new Kvm(jetstream(ingest)).open(ns.registryBucket);
      const write = await errorOf(() => bucket.put('apikey.forged', '{"role":"admin"}'));
      expect(write.message).toMatch(/Permissions Violation/);
    } finally {
      await ingest.close();
    }
  });

  it('lists credentials without secrets', async () => {
    const listed = await api('GET', '/v1/nats-credentials');
    expect(listed.status).toBe(200);
    const data = listed.body.data as Array<Record<string, unknown>>;
    expect(data.map((row) => row.id)).toEqual([credential.id]);
    expect(data[0]).not.toHaveProperty('creds');
    expect(JSON.stringify(listed.body)).not.toContain(credential.creds.split('\n')[1]!);
  });

  it('(d) stops working once revoked: open connections are closed, new ones refused', async () => {
    const revoked = await api('DELETE', `/v1/nats-credentials/${credential.id}`);
    expect(revoked.status).toBe(204);
    const revokedAt = Date.now();
    const js = jetstream(producer);
    await pollUntil(
      async () => {
        try {
          await js.publish(ns.ingestSubject(tenantId, 'order.created'), '{"order":43}', {
            timeout: 500,
          });
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 5_000, intervalMs: 100, what: 'the revoked producer to be shut out' },
    );
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    // A new connection is refused: the server reports it (or just closes the socket first).
    const authErrors = () => nats.log.filter((line) => /authentication error/.test(line)).length;
    const before = authErrors();
    const again = await errorOf(() => connectProducer(credential, false));
    expect(again.message).toMatch(/Authorization Violation|Authentication|EPIPE|ECONNRESET/i);
    await pollUntil(() => authErrors() > before, { what: 'the server to refuse the credentials' });
    const listed = await api('GET', '/v1/nats-credentials');
    expect((listed.body.data as Array<{ revokedAt: string | null }>)[0]!.revokedAt).not.toBeNull();
  });

  it('counts the credentials in force against the tenant’s quota (2 here), not revoked ones', async () => {
    const first = await api('POST', '/v1/nats-credentials', { name: 'quota-1' });
    const second = await api('POST', '/v1/nats-credentials', { name: 'quota-2' });
    const third = await api('POST', '/v1/nats-credentials', { name: 'quota-3' });
    expect([first.status, second.status, third.status]).toEqual([201, 201, 409]);
    expect((third.body as { error: { code: string } }).error.code).toBe('quota_exceeded');
  });
});
