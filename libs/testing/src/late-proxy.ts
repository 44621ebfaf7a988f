import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './platform.js';

/**
 * A TCP forwarder whose port stays closed until `open()`: a dependency that
 * "comes up later" (Postgres behind it), without touching the real server.
 * `close()` ends every forwarded connection.
 */
export class LateProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async create(target: { host: string; port: number }): Promise<LateProxy> {
    return new LateProxy(await freePort(), target);
  }

  /** Starts listening; resolves when the port accepts connections. */
  open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(this.target);
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
