/**
 * Makes sure the NATS (with JetStream) and the Postgres the tests use answer,
 * starting them when they do not. Used by `npm test`, `pnpm bench` and
 * .ci/run, after `pnpm install`. The tests read NATS_URL (default
 * nats://127.0.0.1:4222) and HERALD_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432, a superuser without password); so does
 * this script.
 *
 * - NATS: starts `nats-server -js` (PATH, /usr/sbin, /usr/local/bin; as root it
 *   apt-get installs Debian's package when none is there).
 * - Postgres: starts the Debian cluster on that port if there is one, otherwise
 *   an embedded Postgres (scripts/embedded-postgres.mjs, trust auth on 127.0.0.1).
 *
 * What it starts keeps running for later test runs; it prints the pid to stop
 * it with, and keeps data and logs in .herald/infra/. Its parts are in
 * scripts/local/test-infra.ts.
 */
import path from 'node:path';
import { Problem } from './local/problem.ts';
import { ensureNats, ensurePostgres } from './local/test-infra.ts';

const root = path.resolve(import.meta.dirname, '..');
const infra = {
  root,
  infraDir: path.join(root, '.herald', 'infra'),
  say: (line: string) => console.log(`ensure-infra: ${line}`),
};
const results = await Promise.allSettled([
  ensureNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', infra),
  ensurePostgres(process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432', infra),
]);
const problems = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
for (const problem of problems) {
  console.error(`ensure-infra: ${problem instanceof Problem ? problem.message : problem.stack}`);
}
process.exit(problems.length > 0 ? 1 : 0);
