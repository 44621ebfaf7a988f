import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { TOPIC_ROOTS } from '@herald/contracts';
import { NatsServers, pollUntil, TestStack } from '@herald/testing';

/**
 * The five services on a real 3-node nats-server cluster (loopback, routes,
 * JetStream, R3 streams and buckets), connected with the list of its servers.
 * While 300 events flow, the node that leads the ingest stream is killed -9
 * and later started again: every event still reaches its endpoint once per
 * webhook id, with a signature that verifies and the payload as sent.
 */
const EVENTS = 300;
const KILL_AT = 100;
const RESTART_AT = 200;

describe('a 3-node NATS cluster losing a node mid-run', () => {
  let cluster: NatsServers;
  // The cluster goes with its streams: nothing to drop from it afterwards.
  const stack = new TestStack({
    prefix: 'cluster',
    natsUrl: () => cluster.urls.join(','),
    keepNamespace: true,
    env: {
      HERALD_STREAM_REPLICAS: '3',
      HERALD_RETRY_SCHEDULE: '100ms,200ms,500ms,1s,1s,1s',
    },
  });
  const { namespace, ns, receiver } = stack;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const log: string[] = [];

  const ingestHttp = (body: unknown) =>
    fetch(`${stack.url('ingest')}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** The 0-based index of the node that leads `stream` (its RAFT group has elected one). */
  const leaderOf = async (stream: string): Promise<number> => {
    const leader = await pollUntil(async () => (await jsm.streams.info(stream)).cluster?.leader, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `a leader for ${stream}`,
    });
    return Number(leader.replace(/^n/, '')) - 1;
  };

  /**
   * Sends one event until the platform takes it: over HTTP for odd sequence
   * numbers, as a producer's JetStream publish for even ones. A retry keeps
   * the idempotency key, so an attempt that got through before its answer
   * was lost is not ingested twice.
   */
  const send = async (seq: number) => {
    const payload = { seq, text: `event ${seq}`, nested: { ok: true, list: [seq, seq * 2] } };
    const js = jetstream(nc, { timeout: 2_000 });
    await pollUntil(
      async () => {
        if (seq % 2 === 1) {
          const response = await ingestHttp({ type: 'order.placed', id: `evt-${seq}`, payload });
          return response.status === 202;
        }
        const h = natsHeaders();
        h.set('Herald-Idempotency-Key', `evt-${seq}`);
        await js.publish(
          ns.ingestSubject(stack.tenantId, 'order.placed'),
          JSON.stringify(payload),
          {
            headers: h,
          },
        );
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `event ${seq} accepted` },
    );
  };

  beforeAll(async () => {
    cluster = await NatsServers.create(3);
    await cluster.start();
    await stack.start();
    nc = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    jsm = await jetstreamManager(nc, { timeout: 2_000 });
    await stack.tenant('cluster', ['order.placed']);
    await stack.endpoint('/orders', { eventTypes: ['order.placed'] });
  }, 120_000);

  afterAll(async () => {
    console.log(`nats cluster run:\n  ${log.join('\n  ')}`);
    await nc?.close();
    await stack.stop();
    await cluster?.stop();
  });

  it('delivers every event, signed as sent, through a kill -9 and restart of the ingest leader', async () => {
    // Warm-up: ingest's read model knows the endpoint once one event is delivered.
    await pollUntil(
      async () =>
        (await ingestHttp({ type: 'order.placed', id: 'warm', payload: { seq: -1 } })).status ===
        202,
      { what: 'ingest knows the tenant' },
    );
    await pollUntil(() => receiver.on('/orders').length > 0, { what: 'warm-up delivery' });

    // Every stream and bucket Herald created is R3.
    const ours = namespace.replace(/-/g, '_').toLowerCase();
    const streams: string[] = [];
    for await (const info of jsm.streams.list()) {
      if (info.config.name.toLowerCase().includes(ours)) streams.push(info.config.name);
    }
    expect(streams).toEqual(
      expect.arrayContaining([
        ...Object.keys(TOPIC_ROOTS).map((topic) => ns.stream(topic as keyof typeof TOPIC_ROOTS)),
        `KV_${ns.registryBucket}`,
        `KV_${ns.endpointStateBucket}`,
      ]),
    );
    for (const stream of streams) {
      expect({ stream, replicas: (await jsm.streams.info(stream)).config.num_replicas }).toEqual({
        stream,
        replicas: 3,
      });
    }

    const started = Date.now();
    let killed = -1;
    for (let seq = 0; seq < EVENTS; seq += 1) {
      if (seq === KILL_AT) {
        killed = await leaderOf(ns.stream('ingest'));
        log.push(
          `event ${seq}, ${Date.now() - started} ms: kill -9 of n${killed + 1}, leader of the ingest stream`,
        );
        await cluster.kill(killed);
      }
      if (seq === RESTART_AT) {
        const leader = await leaderOf(ns.stream('ingest'));
        expect(leader).not.toBe(killed);
        log.push(
          `event ${seq}, ${Date.now() - started} ms: restart of n${killed + 1} (ingest now led by n${leader + 1})`,
        );
        await cluster.restart(killed);
      }
      await send(seq);
    }
    log.push(`${EVENTS} events accepted in ${Date.now() - started} ms`);

    const received = () =>
      receiver
        .on('/orders')
        .map((r) => ({ r, seq: (JSON.parse(r.body) as { seq: number }).seq }))
        .filter(({ seq }) => seq >= 0);
    await pollUntil(() => new Set(received().map(({ seq }) => seq)).size === EVENTS, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: `all ${EVENTS} events delivered`,
    });
    log.push(`all delivered ${Date.now() - started} ms after the first`);
    const times = received()
      .map(({ r }) => r.receivedAt)
      .sort((a, b) => a - b);
    const gap = times.reduce(
      (widest, at, i) =>
        i > 0 && at - times[i - 1]! > widest.ms
          ? { ms: at - times[i - 1]!, after: times[i - 1]! - started }
          : widest,
      { ms: 0, after: 0 },
    );
    log.push(`longest pause between deliveries: ${gap.ms} ms, from ${gap.after} ms into the run`);
    await pollUntil(
      async () => {
        const ingest = await jsm.streams.info(ns.stream('ingest'));
        const deliver = await jsm.streams.info(ns.stream('deliver.v1'));
        return ingest.state.messages === 0 && deliver.state.messages === 0;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'ingest and deliver streams drained' },
    );
    // The restarted node caught up: every peer of the ingest stream is current again.
    await pollUntil(
      async () => {
        const { cluster: group } = await jsm.streams.info(ns.stream('ingest'));
        return group?.replicas?.length === 2 && group.replicas.every((peer) => peer.current);
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the restarted node current again' },
    );

    const deliveries = received();
    // Exactly the events sent, each payload as sent, each signature valid.
    expect([...new Set(deliveries.map(({ seq }) => seq))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: EVENTS }, (_, seq) => seq),
    );
    for (const { r, seq } of deliveries) {
      expect({ seq, verified: r.verified, body: JSON.parse(r.body) as unknown }).toEqual({
        seq,
        verified: true,
        body: { seq, text: `event ${seq}`, nested: { ok: true, list: [seq, seq * 2] } },
      });
    }
    // One message per event: a redelivery (an ack lost with the node) repeats the
    // same webhook id, so a receiver de-duplicating on it sees each event once.
    const ids = new Map<number, Set<string>>();
    for (const { r, seq } of deliveries) {
      ids.set(seq, (ids.get(seq) ?? new Set()).add(String(r.headers['webhook-id'])));
    }
    expect([...ids.values()].filter((set) => set.size !== 1)).toEqual([]);
    log.push(
      `${deliveries.length} requests for ${EVENTS} events (redeliveries of the same id: ${deliveries.length - EVENTS})`,
    );
  }, 150_000);
});
