import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as connectTcp } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { freePort } from './platform.js';
import { pollUntil } from './poll.js';

/** The nats-server binary tests start their own servers from (Debian's package). */
export const NATS_SERVER_BIN = process.env.HERALD_NATS_SERVER ?? 'nats-server';

interface Node {
  name: string;
  port: number;
  clusterPort: number;
  storeDir: string;
  process?: ChildProcess;
  output: string[];
}

/**
 * Private nats-server processes with JetStream on loopback, for tests that
 * must stop, kill or delay NATS without touching the shared server: one node,
 * or a cluster of N with routes between them. Ports are picked free; every
 * process is stopped by its pid and its storage removed in `stop()`.
 */
export class NatsServers {
  private readonly nodes: Node[] = [];

  private constructor(
    private readonly clustered: boolean,
    /** The largest message each node accepts (nats-server's `max_payload`), when not its default. */
    private readonly maxPayload?: number,
  ) {}

  /** A cluster of `size` nodes (not started yet when `start` is false). */
  static async create(
    size: number,
    options: { ports?: number[]; maxPayload?: number } = {},
  ): Promise<NatsServers> {
    const servers = new NatsServers(size > 1, options.maxPayload);
    for (let index = 0; index < size; index += 1) {
      servers.nodes.push({
        name: `n${index + 1}`,
        port: options.ports?.[index] ?? (await freePort()),
        clusterPort: await freePort(),
        storeDir: mkdtempSync(path.join(tmpdir(), 'herald-nats-')),
        output: [],
      });
    }
    return servers;
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Client URL of node `index` (0-based). */
  url(index = 0): string {
    return `nats://127.0.0.1:${this.node(index).port}`;
  }

  /** Every client URL, comma-separated (for tools that accept a list). */
  get urls(): string[] {
    return this.nodes.map((_, index) => this.url(index));
  }

  /** Starts every node that is not running and waits until each accepts connections. */
  async start(): Promise<void> {
    for (let index = 0; index < this.nodes.length; index += 1) {
      if (!this.node(index).process) this.spawnNode(index);
    }
    for (let index = 0; index < this.nodes.length; index += 1) await this.waitListening(index);
    if (this.clustered) await this.waitJetStream();
  }

  /**
   * Waits until the cluster's JetStream can place a stream on every node: a
   * meta leader is elected and each peer has joined. Listening is not enough,
   * since the first stream created before the election times out.
   */
  async waitJetStream(timeoutMs = 30_000): Promise<void> {
    const connection = await connectNats({ servers: this.urls, timeout: 2_000 });
    try {
      const jsm = await jetstreamManager(connection, { timeout: 2_000, checkAPI: false });
      const name = `PROBE_${process.pid}_${Date.now()}`;
      await pollUntil(
        async () => {
          try {
            await jsm.streams.add({ name, subjects: [`probe.${name}`], num_replicas: this.size });
            await jsm.streams.delete(name);
            return true;
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 250, what: 'JetStream meta leader and every peer' },
      );
    } finally {
      await connection.close();
    }
  }

  /** Starts node `index` again (after `kill`), on the same ports and storage. */
  async restart(index: number): Promise<void> {
    this.spawnNode(index);
    await this.waitListening(index);
  }

  /** kill -9 of node `index`; resolves once the process is gone. */
  async kill(index: number): Promise<void> {
    await this.signal(index, 'SIGKILL');
  }

  async stop(): Promise<void> {
    for (let index = 0; index < this.nodes.length; index += 1) await this.signal(index, 'SIGTERM');
    for (const node of this.nodes) rmSync(node.storeDir, { recursive: true, force: true });
  }

  /** The last lines a node printed, for failure messages. */
  output(index: number): string {
    return this.node(index).output.join('').slice(-3000);
  }

  private node(index: number): Node {
    const node = this.nodes[index];
    if (!node) throw new Error(`no NATS node ${index}`);
    return node;
  }

  private spawnNode(index: number): void {
    const node = this.node(index);
    const args = ['-a', '127.0.0.1', '-p', String(node.port), '-js', '-sd', node.storeDir];
    args.push('--server_name', node.name);
    if (this.maxPayload !== undefined) {
      // No flag sets it: a config file does, the flags above still apply.
      const config = path.join(node.storeDir, 'limits.conf');
      writeFileSync(config, `max_payload: ${this.maxPayload}\n`);
      args.push('-c', config);
    }
    if (this.clustered) {
      const routes = this.nodes
        .filter((other) => other !== node)
        .map((other) => `nats://127.0.0.1:${other.clusterPort}`)
        .join(',');
      args.push('--cluster_name', 'herald-test');
      args.push('--cluster', `nats://127.0.0.1:${node.clusterPort}`, '--routes', routes);
    }
    const child = spawn(NATS_SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      node.output.push(chunk.toString());
      if (node.output.length > 200) node.output.splice(0, node.output.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    node.process = child;
  }

  private async waitListening(index: number): Promise<void> {
    const node = this.node(index);
    await pollUntil(
      () => {
        if (node.process?.exitCode !== null) {
          throw new Error(`nats-server ${node.name} exited: ${this.output(index)}`);
        }
        return accepts(node.port);
      },
      { timeoutMs: 15_000, intervalMs: 50, what: `nats-server ${node.name} listening` },
    );
  }

  private async signal(index: number, signal: NodeJS.Signals): Promise<void> {
    const node = this.node(index);
    const child = node.process;
    node.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
