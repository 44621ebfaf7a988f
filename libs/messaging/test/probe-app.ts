import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DeliveryTask, TopicName } from '@herald/contracts';
import {
  dropNamespace,
  forSuite,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import {
  attachJetStreamTransport,
  JetStreamTransport,
  MessagingModule,
  NatsClient,
  Publisher,
  type JetStreamTransportOptions,
} from '../src/index.js';

/** A delivery task of the probes: only its message id matters to them. */
export const probeTask = (messageId: string): DeliveryTask => ({
  messageId,
  tenantId: 't1',
  endpointId: 'e1',
  eventType: 'x',
  channel: null,
  payload: '{}',
  createdAt: new Date().toISOString(),
  attempt: 1,
  notBefore: null,
  replayId: null,
});

/**
 * Waits until the `deliver.v1` consumer `durable` has nothing pending and
 * nothing unacknowledged, and returns its info.
 */
export function untilDrained(
  nats: NatsClient,
  durable: string,
  options: { what: string; timeoutMs?: number },
) {
  return pollUntil(async () => {
    const info = await nats.jsm.consumers.info(nats.ns.stream('deliver.v1'), durable);
    return info.num_ack_pending === 0 && info.num_pending === 0 ? info : undefined;
  }, options);
}

/**
 * A started Nest app whose one controller consumes `topics` over real NATS as
 * `service`, through a JetStream transport with these options.
 */
export async function startProbeApp(options: {
  namespace: string;
  service: string;
  topics: TopicName[];
  controller: Type;
  providers?: Provider[];
  transport?: Omit<JetStreamTransportOptions, 'service'>;
}): Promise<{
  app: INestApplication;
  nats: NatsClient;
  publisher: Publisher;
  transport: JetStreamTransport;
}> {
  const { namespace, service, topics, controller } = options;
  @Module({
    imports: [MessagingModule.forRoot({ url: TEST_NATS_URL, namespace, service, topics })],
    controllers: [controller],
    providers: options.providers ?? [],
  })
  class ProbeModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const nats = app.get(NatsClient);
  const transport = new JetStreamTransport(nats, { service, ...options.transport });
  attachJetStreamTransport(app, transport);
  await app.startAllMicroservices();
  await app.init();
  return { app, nats, publisher: app.get(Publisher), transport };
}

/**
 * For the tests of the enclosing `describe`: a probe app (see `startProbeApp`)
 * in a namespace of its own, closed and its namespace dropped after them.
 */
export function probeAppForSuite(options: Omit<Parameters<typeof startProbeApp>[0], 'namespace'>) {
  return forSuite(async () => {
    const namespace = uniqueNamespace();
    const probe = await startProbeApp({ namespace, ...options });
    return {
      ...probe,
      async close() {
        await probe.app.close();
        await dropNamespace(TEST_NATS_URL, namespace);
      },
    };
  });
}
