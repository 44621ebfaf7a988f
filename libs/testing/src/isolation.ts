import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const TEST_PG_URL = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A namespace no other test uses, so streams, consumers and buckets never collide. */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<{
  url: string;
  name: string;
  drop(): Promise<void>;
}> {
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${TEST_PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: `${TEST_PG_URL}/${name}`,
    async drop() {
      const client = new pg.Client({ connectionString: `${TEST_PG_URL}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Deletes every stream and KV bucket of a test namespace. */
export async function dropNamespace(natsUrl: string, namespace: string): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await jetstreamManager(nc);
    const prefixes = [
      `${namespace.toUpperCase().replace(/-/g, '_')}_`,
      `KV_${namespace.replace(/-/g, '_')}_`,
    ];
    for await (const info of jsm.streams.list()) {
      if (prefixes.some((p) => info.config.name.startsWith(p)))
        await jsm.streams.delete(info.config.name);
    }
  } finally {
    await nc.close();
  }
}

/** A fresh admin token per test run: services refuse the tokens published in docs and scripts. */
export function randomAdminToken(): string {
  return `test-admin-${randomBytes(18).toString('hex')}`;
}
