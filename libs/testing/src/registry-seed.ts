import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Namespace, REGISTRY_KEYS, type EndpointView, type EventTypeView } from '@herald/contracts';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import { anEndpointView } from './views.js';

/** Event types a seeded tenant's catalog has unless a test says otherwise. */
export const SEED_EVENT_TYPES = [
  'message.created',
  'order.paid',
  'invoice.created',
  'chat.opened',
  'after.broken',
  'x',
  'x.y',
];

/**
 * Writes registry read-model entries straight into the KV bucket, for tests of
 * services that only read the registry (ingest, dispatcher, health-monitor).
 */
export class RegistrySeed {
  private constructor(
    private readonly kv: KV,
    private readonly close: () => Promise<void>,
  ) {}

  static async open(natsUrl: string, namespace: string): Promise<RegistrySeed> {
    const nc = await connect({ servers: natsUrl.split(',') });
    const kv = await new Kvm(jetstream(nc)).create(new Namespace(namespace).registryBucket, {
      history: 1,
    });
    return new RegistrySeed(kv, () => nc.close());
  }

  /**
   * Creates a tenant with an admin API key and version 1 of each of these
   * event types in its catalog; returns tenant id and key.
   */
  async tenant(
    name = 'acme',
    eventTypes: string[] = SEED_EVENT_TYPES,
  ): Promise<{ tenantId: string; apiKey: string }> {
    const tenantId = randomUUID();
    const apiKey = generateApiKey();
    await this.kv.put(REGISTRY_KEYS.tenant(tenantId), JSON.stringify({ id: tenantId, name }));
    await this.kv.put(
      REGISTRY_KEYS.apiKey(hashApiKey(apiKey)),
      JSON.stringify({ keyId: randomUUID(), tenantId, role: 'admin' }),
    );
    for (const eventType of eventTypes) await this.eventType(tenantId, eventType);
    return { tenantId, apiKey };
  }

  /** One version of an event type in a tenant's catalog (version 1, no schema, no envelope by default). */
  async eventType(
    tenantId: string,
    name: string,
    fields: Partial<Omit<EventTypeView, 'tenantId' | 'name'>> = {},
  ): Promise<EventTypeView> {
    const view: EventTypeView = {
      id: randomUUID(),
      tenantId,
      name,
      version: 1,
      archived: false,
      schema: null,
      envelope: null,
      updatedAt: new Date().toISOString(),
      ...fields,
    };
    await this.kv.put(REGISTRY_KEYS.eventType(view.id), JSON.stringify(view));
    return view;
  }

  async endpoint(
    tenantId: string,
    fields: Partial<EndpointView> & Pick<EndpointView, 'url'>,
  ): Promise<EndpointView> {
    const view = anEndpointView({ tenantId, ...fields });
    await this.kv.put(REGISTRY_KEYS.endpoint(view.id), JSON.stringify(view));
    return view;
  }

  async remove(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  async dispose(): Promise<void> {
    await this.close();
  }
}
