import { Logger } from '@nestjs/common';
import type { KV } from '@nats-io/kv';

export interface BucketFollower {
  /** KV revision of the newest entry applied. */
  readonly revision: number;
  stop(): void;
}

/**
 * Loads a JetStream KV bucket into memory and keeps following it: `apply` is
 * called with every key's value (null once deleted), first for the current
 * contents, then for each change. Resolves once the current contents are
 * applied. An entry `apply` rejects (throws) is logged and skipped, so one bad
 * value never stops the watch.
 */
export async function followBucket(
  kv: KV,
  name: string,
  apply: (key: string, value: unknown) => void,
  logger: Logger,
): Promise<BucketFollower> {
  const initial = (await kv.status()).values;
  const iterator = await kv.watch({ key: '>' });
  const follower = { revision: 0, stop: () => iterator.stop() };
  let loaded: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  if (initial === 0) loaded();
  void (async () => {
    for await (const entry of iterator) {
      follower.revision = entry.revision;
      try {
        apply(entry.key, entry.operation === 'PUT' ? entry.json<unknown>() : null);
      } catch (error) {
        logger.error(`ignoring bad entry ${entry.key} of ${name}: ${(error as Error).message}`);
      }
      if (entry.delta === 0 || entry.isUpdate) loaded();
    }
  })();
  await ready;
  return follower;
}
