import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureDatabase, postgresAnswers } from './postgres.ts';

const server = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

describe('ensureDatabase (real Postgres)', () => {
  it('creates a missing database once, then finds it', async () => {
    const name = `herald_scripts_${randomBytes(4).toString('hex')}`;
    const url = `${server}/${name}`;
    try {
      await expect(ensureDatabase(url)).resolves.toBe(`created database "${name}"`);
      await expect(ensureDatabase(url)).resolves.toBe(`database "${name}" exists`);
      await expect(postgresAnswers(url)).resolves.toBeUndefined();
    } finally {
      const admin = new pg.Client({ connectionString: `${server}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });
});
