import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import {
  createTrust,
  writeLocalInstall,
  type HeraldService,
  type NatsTrust,
  type WrittenInstall,
} from '@herald/nats-auth';
import { pollUntil } from './poll.js';

const NATS_SERVER = process.env.HERALD_NATS_SERVER ?? '/usr/sbin/nats-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A private nats-server in operator mode (decentralized JWT auth, full
 * resolver) on a free port, with a fresh operator, account, system account
 * and one user per Herald service for `namespace`. `stop()` ends it by its
 * pid and removes its files.
 */
export class JwtNats {
  private constructor(
    readonly url: string,
    readonly trust: NatsTrust,
    readonly install: WrittenInstall,
    private readonly child: ChildProcess,
    private readonly dir: string,
    /** The server's log lines so far (permission violations show here). */
    readonly log: string[],
  ) {}

  static available(): boolean {
    return existsSync(NATS_SERVER);
  }

  static async start(namespace: string): Promise<JwtNats> {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-jwt-nats-'));
    const port = await freePort();
    const trust = await createTrust();
    const install = await writeLocalInstall({ dir, trust, namespace, port });
    const child = spawn(NATS_SERVER, ['-c', install.serverConfig], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n')));
    }
    const url = `nats://127.0.0.1:${port}`;
    const nats = new JwtNats(url, trust, install, child, dir, log);
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`nats-server exited: ${log.join('\n')}`);
        const nc = await connect({
          servers: url,
          authenticator: credsAuthenticator(readFileSync(install.serviceCreds.registry)),
          inboxPrefix: `_INBOX_${namespace}_registry`,
          reconnect: false,
        });
        await nc.close();
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: 'nats-server in operator mode' },
    ).catch(async (error: unknown) => {
      await nats.stop();
      throw error;
    });
    return nats;
  }

  /** A service's NATS variables: its own user. */
  serviceEnv(service: HeraldService): Record<string, string> {
    return { NATS_URL: this.url, NATS_CREDS: this.install.serviceCreds[service] };
  }

  /** Lines where the server refused something to the user with this public key. */
  violationsOf(publicKey: string): string[] {
    return this.log.filter((line) => line.includes('Violation') && line.includes(publicKey));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
