import { Logger } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import { endpointStateSchema, REGISTRY_KEYS, type EndpointState } from '@herald/contracts';
import { isWrongLastSequence, type NatsClient } from '@herald/messaging';

/** A state read back from the bucket, with the revision a conditional delete needs. */
export interface StoredEndpointState {
  state: EndpointState;
  revision: number;
}

/**
 * The KV bucket `<ns>_endpoint_state` (key `endpoint.<id>`), which every
 * dispatcher replica watches. The health-monitor is its only writer.
 * Invariant: `deleteIf` removes a key only if it still holds the revision the
 * caller saw, so ending an old pause can never erase a newer one.
 */
export class EndpointStateStore {
  private readonly logger = new Logger(EndpointStateStore.name);

  private constructor(private readonly kv: KV) {}

  /** Creates the bucket if it is missing (idempotent; every replica may do it). */
  static async open(nats: NatsClient): Promise<EndpointStateStore> {
    const kv = await nats.openBucket(nats.ns.endpointStateBucket, { history: 1 });
    return new EndpointStateStore(kv);
  }

  /** Stores the state; returns its revision. */
  put(state: EndpointState): Promise<number> {
    return this.kv.put(REGISTRY_KEYS.endpoint(state.endpointId), JSON.stringify(state));
  }

  /** Every state in the bucket; entries that do not parse are logged and skipped. */
  async list(): Promise<StoredEndpointState[]> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys()) keys.push(key);
    const found: StoredEndpointState[] = [];
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') continue;
      const parsed = endpointStateSchema.safeParse(entry.json<unknown>());
      if (parsed.success) found.push({ state: parsed.data, revision: entry.revision });
      else this.logger.warn(`ignoring malformed endpoint state ${key}`);
    }
    return found;
  }

  /** End of the endpoint's stored pause (epoch ms), or null. */
  async pausedUntil(endpointId: string): Promise<number | null> {
    const entry = await this.kv.get(REGISTRY_KEYS.endpoint(endpointId));
    if (!entry || entry.operation !== 'PUT') return null;
    const parsed = endpointStateSchema.safeParse(entry.json<unknown>());
    return parsed.success ? Date.parse(parsed.data.until) : null;
  }

  /** Deletes the key if it still holds `revision`; false when it has changed since. */
  async deleteIf(endpointId: string, revision: number): Promise<boolean> {
    try {
      await this.kv.delete(REGISTRY_KEYS.endpoint(endpointId), { previousSeq: revision });
      return true;
    } catch (error) {
      if (isWrongLastSequence(error)) return false;
      throw error;
    }
  }
}
