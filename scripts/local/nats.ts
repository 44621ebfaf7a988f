import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import type { NatsTrust, WrittenInstall } from '@herald/nats-auth';
import { messageOf, Problem } from './problem.ts';
import { freePortFrom, LOCAL_HOSTS, portFree, tcpAnswers, waitFor } from './probes.ts';
import { tail } from './processes.ts';
import type { Supervisor } from './supervisor.ts';

/** Connects as `creds` (a user of a namespace) when given. */
export interface NatsUser {
  credsFile: string;
  inboxPrefix: string;
}

/** Resolves when a NATS server at `servers` answers with JetStream. */
export async function natsWithJetStream(servers: string | string[], user?: NatsUser) {
  const nc = await connect({
    servers,
    timeout: 3_000,
    reconnect: false,
    ...(user
      ? {
          authenticator: credsAuthenticator(readFileSync(user.credsFile)),
          inboxPrefix: user.inboxPrefix,
        }
      : {}),
  });
  try {
    await jetstreamManager(nc, { timeout: 3_000 });
  } finally {
    await nc.close();
  }
}

/**
 * The nats-server binary to start: `chosen` (HERALD_NATS_SERVER; `off`: none)
 * when set, else one on the PATH, in /usr/sbin (Debian's, off a normal
 * user's PATH) or /usr/local/bin.
 */
export function findNatsServer(chosen?: string): string | undefined {
  if (chosen) return chosen !== 'off' && existsSync(chosen) ? chosen : undefined;
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (onPath.stdout?.trim()) return onPath.stdout.trim();
  return ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p));
}

/** The servers of a NATS_URL (comma-separated). */
export const natsServers = (url: string): string[] =>
  url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');

/** Use the NATS at `url`, or start `binary` on `port`. */
export type NatsPlan = { url: string; use: true } | { url: string; binary: string; port: number };

/**
 * What to do about NATS: use the one at `url`, or start a nats-server
 * (`chosen`: HERALD_NATS_SERVER). Throws a Problem when neither works.
 */
export async function planNats(url: string, chosen: string | undefined): Promise<NatsPlan> {
  const servers = natsServers(url);
  if (servers.length > 1) {
    // A cluster's servers: used as given; a local server never stands in for them.
    try {
      await natsWithJetStream(servers);
    } catch (error) {
      throw new Problem(
        `none of the ${servers.length} NATS servers in NATS_URL answers with JetStream (${messageOf(error)}).`,
      );
    }
    return { url, use: true };
  }
  const target = new URL(url);
  const port = Number(target.port || 4222);
  if (await tcpAnswers(target.hostname, port)) {
    try {
      await natsWithJetStream(url);
    } catch (error) {
      throw new Problem(
        `something answers at ${url} but it is not a NATS server with JetStream (${messageOf(error)}).\n` +
          '  Enable JetStream on it (nats-server -js), or set NATS_URL to one that has it.',
      );
    }
    return { url, use: true };
  }
  const binary = findNatsServer(chosen);
  if (!binary) {
    const looked = chosen
      ? `HERALD_NATS_SERVER=${chosen} ${chosen === 'off' ? 'says not to start one' : 'does not exist'}`
      : 'no nats-server is installed to start one (looked on the PATH, in /usr/sbin and /usr/local/bin)';
    throw new Problem(
      `no NATS answers at ${url}, and ${looked}.\n` +
        '  Install nats-server: sudo apt-get install nats-server (Debian/Ubuntu), or put a release\n' +
        '  from https://github.com/nats-io/nats-server/releases on your PATH;\n' +
        '  or set NATS_URL to a NATS server that has JetStream enabled.',
    );
  }
  // Keep the URL's port when it is a local one we can take, so NATS_URL stays true.
  const localPort =
    LOCAL_HOSTS.has(target.hostname) && (await portFree('127.0.0.1', port))
      ? port
      : await freePortFrom(4222);
  return { url, binary, port: localPort };
}

/**
 * The operator-mode install of this checkout and namespace: created once, then
 * reused (its server config names the port, so it is rewritten when that changes).
 */
export async function natsAuthInstall(
  stateDir: string,
  namespace: string,
  port: number,
): Promise<WrittenInstall> {
  // Loaded here, not at the top: the library runs from its build output, and
  // ensure-infra (which shares this file) runs on a fresh clone before any build.
  const { createTrust, writeLocalInstall } = await import('@herald/nats-auth');
  const dir = path.join(stateDir, `nats-auth-${namespace}`);
  const trustFile = path.join(dir, 'trust.json');
  const trust = existsSync(trustFile)
    ? (JSON.parse(readFileSync(trustFile, 'utf8')) as NatsTrust)
    : await createTrust();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(trustFile, JSON.stringify(trust), { mode: 0o600 });
  return writeLocalInstall({ dir, trust, namespace, port });
}

export interface StartedNats {
  url: string;
  install: WrittenInstall;
}

/**
 * Starts nats-server in operator mode, each service its own user, and waits
 * until it answers with JetStream (as the registry's user).
 */
export async function startNats(
  plan: { url: string; binary: string; port: number },
  supervisor: Supervisor,
): Promise<StartedNats> {
  const { namespace, say, rel } = supervisor;
  const install = await natsAuthInstall(supervisor.stateDir, namespace, plan.port);
  const storeDir = path.join(install.dir, 'jetstream');
  const logFile = path.join(supervisor.logDir, 'nats.log');
  const out = openSync(logFile, 'a');
  // Own process group: a terminal Ctrl-C reaches up.ts, which stops NATS after the services.
  const child = spawn(plan.binary, ['-c', install.serverConfig], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  // Its command line names the config file: how the next run knows a leftover.
  supervisor.adoptInfra('nats-server', child, install.serverConfig);
  const local = `nats://127.0.0.1:${plan.port}`;
  const registry = {
    credsFile: install.serviceCreds.registry,
    inboxPrefix: `_INBOX_${namespace}_registry`,
  };
  await waitFor(
    'nats-server',
    async () => {
      if (child.exitCode !== null) {
        throw new Problem(`nats-server exited (${child.exitCode}):\n${tail(logFile)}`);
      }
      return natsWithJetStream(local, registry).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 20_000 },
  );
  say(
    `NATS: nothing answered at ${plan.url}; started ${plan.binary} (pid ${child.pid}) with JetStream at ${local}` +
      ` in operator mode, each service its own user (credentials in ${rel(install.dir)},` +
      ` data in ${rel(storeDir)}, log ${rel(logFile)})`,
  );
  return { url: local, install };
}
