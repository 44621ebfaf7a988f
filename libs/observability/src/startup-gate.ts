import { createServer, type RequestListener, type Server } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { ErrorBody } from '@herald/http-api';
import type { Logger as Pino } from 'pino';

interface GateRequest {
  path: string;
}
interface GateResponse {
  status(code: number): GateResponse;
  json(body: unknown): void;
}

/**
 * What a service answers over HTTP before its modules exist, while it waits
 * for NATS and Postgres: `/healthz` 200 (the process is alive; restarting it
 * would not bring a dependency back), `/readyz` and every other route 503
 * with code `starting`. Invariant: once `open()` ran, every request passes
 * through to the application untouched.
 */
export class StartupGate {
  private opened = false;

  get isOpen(): boolean {
    return this.opened;
  }

  open(): void {
    this.opened = true;
  }

  readonly middleware = (req: GateRequest, res: GateResponse, next: () => void): void => {
    if (this.opened) return next();
    if (req.path === '/healthz') {
      res.status(200).json({ status: 'ok', info: {}, error: {}, details: {} });
      return;
    }
    const body: ErrorBody = {
      error: {
        code: 'starting',
        message: 'starting: waiting for NATS and Postgres (see the service log)',
        details: [],
      },
    };
    res.status(503).json(body);
  };
}

/**
 * An Express adapter whose HTTP server is already listening (behind a
 * `StartupGate`) before Nest builds the application; Nest adopts that server
 * instead of creating its own, and `app.listen` on it is a no-op, so the
 * port never closes between "starting" and "ready".
 */
export class PreboundExpressAdapter extends ExpressAdapter {
  /** Serves the Express app; listen on it before `NestFactory.create`. */
  readonly server: Server;

  constructor(gate: StartupGate) {
    super();
    this.getInstance<{ use(handler: StartupGate['middleware']): void }>().use(gate.middleware);
    this.server = createServer(this.getInstance<RequestListener>());
  }

  override initHttpServer(): void {
    this.setHttpServer(this.server);
  }

  override listen(port: string | number, ...args: unknown[]): Server {
    const callback = args.at(-1);
    if (this.server.listening) {
      if (typeof callback === 'function') process.nextTick(callback);
      return this.server;
    }
    return super.listen(port, ...(args as [() => void]));
  }
}

/** Nest's logger until the application's own (nestjs-pino) takes over: the same JSON lines. */
export class StartupLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string): void {
    this.pino.fatal({ context }, String(message));
  }
}
