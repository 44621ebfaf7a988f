import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { findNatsServer, natsWithJetStream } from './nats.ts';
import { connectionFailure, postgresAnswers } from './postgres.ts';
import { messageOf, Problem } from './problem.ts';
import { answersWithin, LOCAL_HOSTS, tcpAnswers } from './probes.ts';
import { daemon, pidAlive } from './processes.ts';

/**
 * The NATS (with JetStream) and Postgres the tests use, started when they do
 * not answer and left running for later runs (pids and logs in `infraDir`).
 */
export interface TestInfra {
  root: string;
  infraDir: string;
  say: (line: string) => void;
}

/** Makes sure NATS with JetStream answers at `natsUrl`, starting `nats-server -js` locally if not. */
export async function ensureNats(
  natsUrl: string,
  { infraDir, root, say }: TestInfra,
): Promise<void> {
  const { hostname, port: p } = new URL(natsUrl);
  const port = Number(p || 4222);
  if (await tcpAnswers(hostname, port)) {
    await natsWithJetStream(natsUrl).catch((error: unknown) => {
      throw new Problem(
        `${natsUrl} answers but JetStream does not (${messageOf(error)}); the tests need nats-server -js`,
      );
    });
    say(`NATS with JetStream answers at ${natsUrl}`);
    return;
  }
  if (!LOCAL_HOSTS.has(hostname)) throw new Problem(`no NATS answers at ${natsUrl}`);
  let binary = findNatsServer();
  if (!binary && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    say('installing nats-server (apt-get install nats-server)');
    const apt = (args: string[]) =>
      spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (apt(['install', '-y', '-qq', 'nats-server']).status !== 0) {
      apt(['update', '-qq']);
      apt(['install', '-y', '-qq', 'nats-server']);
    }
    binary = findNatsServer();
  }
  if (!binary) {
    throw new Problem(
      `no NATS answers at ${natsUrl} and nats-server is not installed.\n` +
        '  Install it (Debian: sudo apt-get install nats-server) or start a NATS with JetStream there.',
    );
  }
  const store = path.join(infraDir, `nats-${port}`);
  mkdirSync(store, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store];
  const { pid, log } = daemon(infraDir, `nats-${port}`, binary, args);
  const logName = path.relative(root, log);
  await answersWithin(
    'nats-server',
    () =>
      pidAlive(pid)
        ? natsWithJetStream(natsUrl)
        : Promise.reject(new Problem(`nats-server exited; see ${logName}`)),
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  say(
    `started ${binary} with JetStream at ${natsUrl} (pid ${pid}, log ${logName}; stop: kill ${pid})`,
  );
}

/** The Debian cluster (`pg_lsclusters -h` output) that listens on `port`, if any. */
export function clusterOnPort(
  listing: string,
  port: number,
): { version: string; name: string } | null {
  const line = listing.split('\n').find((l) => l.split(/\s+/)[2] === String(port));
  if (!line) return null;
  const [version = '', name = ''] = line.split(/\s+/);
  return { version, name };
}

function debianClusterOn(port: number) {
  const list = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' });
  return list.status === 0 ? clusterOnPort(list.stdout, port) : null;
}

const refused = (pgUrl: string, error: unknown) =>
  new Problem(
    `Postgres at ${pgUrl} refused the tests' connection: ${messageOf(error)}.\n` +
      '  The tests need a superuser without password (trust auth on 127.0.0.1);\n' +
      '  point HERALD_TEST_PG_URL at one, e.g. postgres://postgres:secret@127.0.0.1:5432',
  );

/**
 * Makes sure Postgres answers at `pgUrl`: starts the Debian cluster on that
 * port if there is one, otherwise an embedded Postgres (trust auth on 127.0.0.1).
 */
export async function ensurePostgres(
  pgUrl: string,
  { infraDir, root, say }: TestInfra,
): Promise<void> {
  const error = await postgresAnswers(pgUrl).then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (!error) {
    say(`Postgres answers at ${pgUrl}`);
    return;
  }
  if (!connectionFailure(error)) throw refused(pgUrl, error);
  const { hostname, port: p } = new URL(pgUrl);
  const port = Number(p || 5432);
  if (!LOCAL_HOSTS.has(hostname)) throw new Problem(`no Postgres answers at ${pgUrl}`);
  const cluster = debianClusterOn(port);
  let started: { pid: number; log: string } | null = null;
  if (cluster) {
    say(
      `starting the Debian PostgreSQL cluster ${cluster.version}/${cluster.name} on port ${port}`,
    );
    const run = spawnSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'],
      { stdio: 'inherit' },
    );
    if (run.status !== 0) throw new Problem('pg_ctlcluster could not start it');
  } else {
    const dataDir = path.join(infraDir, `postgres-${port}`);
    const user = decodeURIComponent(new URL(pgUrl).username) || 'postgres';
    const helper = path.join(root, 'scripts', 'embedded-postgres.mjs');
    started = daemon(infraDir, `postgres-${port}`, process.execPath, [
      helper,
      dataDir,
      String(port),
      user,
    ]);
    say(`no Postgres on port ${port}: starting an embedded one (pid ${started.pid})`);
  }
  const embedded = started;
  await answersWithin(
    'Postgres',
    () => {
      if (embedded && !pidAlive(embedded.pid)) {
        const log = path.relative(root, embedded.log);
        return Promise.reject(new Problem(`the embedded Postgres exited; see ${log}`));
      }
      return postgresAnswers(pgUrl).catch((e: Error) => {
        if (!connectionFailure(e) && !/starting up/.test(e.message)) throw refused(pgUrl, e);
        throw e;
      });
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  say(
    embedded
      ? `embedded Postgres answers at ${pgUrl} (log ${path.relative(root, embedded.log)}; stop: kill ${embedded.pid})`
      : `Postgres answers at ${pgUrl}`,
  );
}
