import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { forSuite } from './suite.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
  /** Status the receiver answered with; undefined while unanswered (hang, reset, delay). */
  answeredWith?: number;
  /** Whether the signature verified against the path's registered secret (null: no secret registered). */
  verified: boolean | null;
}

/** How the receiver answers one request. */
export interface Answer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (until the receiver stops). */
  hang?: boolean;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /** Shorthand for a `Retry-After` header (seconds, or an HTTP date string). */
  retryAfter?: number | string;
  /** Answer 302 (or `status`) with this `Location`. */
  redirectTo?: string;
}

/** Decides the answer to a request; `nth` counts requests to the same path, from 1. */
export type Responder = (request: ReceivedRequest, nth: number) => Answer;

/**
 * A real HTTP receiver for tests: records every request, verifies Standard
 * Webhooks signatures with the spec's reference library, and answers as told
 * per path.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly responders = new Map<string, Responder>();
  private readonly inFlight = new Map<string, number>();
  /** Highest number of requests in flight at once, per path. */
  readonly maxConcurrent = new Map<string, number>();
  private server: Server | null = null;

  /** A receiver listening for the tests of the enclosing `describe`. */
  static forSuite(): WebhookReceiver {
    return forSuite(
      async () => {
        const receiver = new WebhookReceiver();
        await receiver.start();
        return receiver;
      },
      (receiver) => receiver.stop(),
    );
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this.url('');
  }

  url(path: string): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  /** Verify requests to `path` with this secret. */
  expectSecret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  respond(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    const path = req.url ?? '/';
    const current = (this.inFlight.get(path) ?? 0) + 1;
    this.inFlight.set(path, current);
    this.maxConcurrent.set(path, Math.max(current, this.maxConcurrent.get(path) ?? 0));
    res.once('close', () => this.inFlight.set(path, (this.inFlight.get(path) ?? 1) - 1));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = this.secrets.get(path);
      const request: ReceivedRequest = {
        path,
        headers: req.headers,
        body,
        receivedAt: Date.now(),
        verified: secret === undefined ? null : verify(secret, body, req.headers),
      };
      this.requests.push(request);
      const nth = this.on(path).length;
      const answer = this.responders.get(path)?.(request, nth) ?? {};
      if (answer.hang) return;
      const respond = () => {
        if (answer.reset) {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { ...answer.headers };
        if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
        if (answer.redirectTo !== undefined) headers.location = answer.redirectTo;
        const status = answer.status ?? (answer.redirectTo !== undefined ? 302 : 204);
        request.answeredWith = status;
        res.writeHead(status, headers);
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  }
}

/** The Standard Webhooks headers of a received request, as a verifier takes them. */
export function signatureHeaders(headers: Record<string, unknown>) {
  return {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  };
}

/** The payload of a signed request, verified against `secret`; throws when the signature does not verify. */
export function verifiedPayload(
  secret: string,
  request: { body: string; headers: Record<string, unknown> },
): unknown {
  return new Webhook(secret).verify(request.body, signatureHeaders(request.headers));
}

function verify(secret: string, body: string, headers: IncomingMessage['headers']): boolean {
  try {
    verifiedPayload(secret, { body, headers });
    return true;
  } catch {
    return false;
  }
}
