import { Inject, Injectable } from '@nestjs/common';
import { KvWatchInclude, type KV } from '@nats-io/kv';
import { isWrongLastSequence } from '@herald/messaging';
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

  /**
   * Every live key, its parsed value and its revision (deleted keys are
   * absent), read in one pass over the bucket's last values rather than one
   * request per key. A value that is not JSON is `UNREADABLE`.
   */
  async snapshot(): Promise<Map<string, SnapshotEntry>> {
    const entries = new Map<string, SnapshotEntry>();
    if ((await this.kv.status()).values === 0) return entries;
    const iterator = await this.kv.watch({ key: '>', include: KvWatchInclude.LastValue });
    try {
      for await (const entry of iterator) {
        if (entry.operation === 'PUT') {
          entries.set(entry.key, { value: parsed(entry.string()), revision: entry.revision });
        } else {
          entries.delete(entry.key);
        }
        // nats.js marks the last of the values present when the watch began as the first update.
        if (entry.isUpdate || entry.delta === 0) break;
      }
    } finally {
      iterator.stop();
    }
    return entries;
  }

  /**
   * Puts the view only if the key is still at `revision` (absent, or deleted,
   * when `revision` is 0): false when it changed since, and the newer write
   * stands.
   */
  async putIfUnchanged(key: string, value: RegistryValue, revision: number): Promise<boolean> {
    const json = JSON.stringify(value);
    try {
      if (revision === 0) await this.kv.create(key, json);
      else await this.kv.update(key, json, revision);
      return true;
    } catch (error) {
      if (isWrongLastSequence(error)) return false;
      throw error;
    }
  }

  /** Deletes the key only if it is still at `revision`: false when it changed since. */
  async deleteIfUnchanged(key: string, revision: number): Promise<boolean> {
    try {
      await this.kv.delete(key, { previousSeq: revision });
      return true;
    } catch (error) {
      if (isWrongLastSequence(error)) return false;
      throw error;
    }
  }
}

/** A key's value in the read model and the revision it was read at. */
export interface SnapshotEntry {
  /** The parsed JSON, or `UNREADABLE`, which equals no view, so the re-sync rewrites the key. */
  value: unknown;
  revision: number;
}

/** A value that is not JSON: a re-sync overwrites (or deletes) it rather than failing on it. */
const UNREADABLE = Symbol('unreadable');

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNREADABLE;
  }
}
