import type { KV } from '@nats-io/kv';
import { NatsClient } from '@herald/messaging';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import { pollUntil, TEST_NATS_URL } from '@herald/testing';

export const WITHIN_A_SECOND = { timeoutMs: 1000 };

/** The endpoint in the read model once it holds this version of it (its `updatedAt`), within a second. */
export function viewOnceCurrent(view: RegistryView, endpoint: { id: string; updatedAt: string }) {
  return pollUntil(
    () =>
      view.endpoint(endpoint.id)?.updatedAt === endpoint.updatedAt && view.endpoint(endpoint.id),
    WITHIN_A_SECOND,
  );
}

/**
 * What another service sees: its own NATS connection, a `RegistryView`
 * watching the registry's KV bucket, and the bucket itself for direct reads.
 */
export async function watchReadModel(
  namespace: string,
): Promise<{ view: RegistryView; kv: KV; close(): Promise<void> }> {
  const nats = await NatsClient.connect({
    url: TEST_NATS_URL,
    namespace,
    service: 'registry-test',
    topics: [],
  });
  const view = await RegistryView.open(nats, { keepSecrets: true });
  const kv = await openRegistryBucket(nats);
  return {
    view,
    kv,
    async close() {
      view.onApplicationShutdown();
      await nats.connection.close();
    },
  };
}
