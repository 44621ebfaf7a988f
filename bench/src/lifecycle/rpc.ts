import { fork, type ChildProcess } from 'node:child_process';

/**
 * Request/response over the IPC channel of a forked bench process (receiver,
 * baseline). Structured-clone serialisation, so typed arrays travel as such.
 * The child exits when the channel closes: a bench process never outlives the
 * run that forked it.
 */
type Handlers = Record<string, (args: never) => unknown>;

interface Request {
  id: number;
  op: string;
  args: unknown;
}
type Response = { id: number; result: unknown } | { id: number; error: string };

/** In the child: answers requests with `handlers`, then announces `ready` with `info`. */
export function serveRpc(handlers: Handlers, info: unknown): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this process must be forked with an IPC channel');
  process.on('message', (message: Request) => {
    void (async () => {
      let response: Response;
      try {
        const handler = handlers[message.op];
        if (!handler) throw new Error(`unknown op ${message.op}`);
        response = { id: message.id, result: await handler(message.args as never) };
      } catch (error) {
        response = { id: message.id, error: (error as Error).stack ?? String(error) };
      }
      send(response);
    })();
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: info });
}

export class RpcChild<H extends Handlers> {
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private exitError: Error | null = null;

  private constructor(readonly process: ChildProcess) {
    process.on('message', (message: Response | { ready: unknown }) => {
      if ('ready' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if ('error' in message) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    process.once('exit', (code, signal) => {
      this.exitError = new Error(`${process.spawnfile} exited (${signal ?? code})`);
      for (const waiter of this.pending.values()) waiter.reject(this.exitError);
      this.pending.clear();
    });
  }

  /** Forks `module` and resolves with the client and the child's `ready` info. */
  static async start<H extends Handlers, I>(
    module: string,
    options: { env?: Record<string, string>; execArgv?: string[]; log: (chunk: Buffer) => void },
  ): Promise<{ child: RpcChild<H>; info: I }> {
    const child = fork(module, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...options.env },
      execArgv: options.execArgv ?? [],
    });
    child.stdout?.on('data', options.log);
    child.stderr?.on('data', options.log);
    const info = await new Promise<I>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${module} exited with ${code} at start`)));
      child.on('message', (message: { ready?: I }) => {
        if (message && 'ready' in message) resolve(message.ready as I);
      });
    });
    return { child: new RpcChild<H>(child), info };
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  call<K extends keyof H & string>(
    op: K,
    ...args: Parameters<H[K]> extends [] ? [] : [Parameters<H[K]>[0]]
  ): Promise<Awaited<ReturnType<H[K]>>> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ id, op, args: args[0] } satisfies Request);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
