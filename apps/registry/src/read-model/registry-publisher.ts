import { Inject, Injectable } from '@nestjs/common';
import type { KV } from '@nats-io/kv';
import type { RegistryValue } from './views.js';

/** Injection token of the registry's JetStream KV bucket (`openRegistryBucket`). */
export const REGISTRY_BUCKET = Symbol('REGISTRY_BUCKET');

/**
 * The one seam to the KV read model: put a view, delete a key, read what is
 * there. Values are JSON views from `@herald/contracts`; a delete leaves a
 * marker that watchers see as a removal.
 */
@Injectable()
export class RegistryPublisher {
  constructor(@Inject(REGISTRY_BUCKET) private readonly kv: KV) {}

  async put(key: string, value: RegistryValue): Promise<void> {
    await this.kv.put(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  /** Every live key and its parsed value (deleted keys are absent). */
  async snapshot(): Promise<Map<string, unknown>> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys()) keys.push(key);
    const entries = new Map<string, unknown>();
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (entry?.operation === 'PUT') entries.set(key, entry.json<unknown>());
    }
    return entries;
  }
}
