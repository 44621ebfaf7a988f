/**
 * The bench's webhook receiver, in its own process (forked by
 * `ReceiverClient`): an HTTP server that verifies every request with the
 * Standard Webhooks reference library and answers per path — 200 (`ok`),
 * 500 (`fail`) or never (`hang`). Receipt times are read on the monotonic
 * clock when the whole body has arrived. Alerts arrive at `/alerts`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { monotonicMs } from '../lifecycle/clock.js';
import { serveRpc } from '../lifecycle/rpc.js';
import { Ledger, type Mode, type Route, type SignatureHeaders } from './ledger.js';

export const ALERT_PATH = '/alerts';

const webhooks = new Map<string, Webhook>();
function verify(secret: string, body: string, headers: SignatureHeaders): boolean {
  let webhook = webhooks.get(secret);
  if (!webhook) {
    webhook = new Webhook(secret);
    webhooks.set(secret, webhook);
  }
  try {
    webhook.verify(body, { ...headers });
    return true;
  } catch {
    return false;
  }
}

const ledger = new Ledger(verify, ALERT_PATH, process.env.BENCH_ALERT_TOKEN ?? '');
const hanging = new Set<ServerResponse>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const received = monotonicMs();
    const answer = ledger.record(
      req.url ?? '/',
      req.headers,
      Buffer.concat(chunks).toString('utf8'),
      received,
    );
    if (answer === 'hang') {
      hanging.add(res);
      res.once('close', () => hanging.delete(res));
      return;
    }
    res.writeHead(answer.status, { 'content-length': '0' });
    res.end();
  });
});
// Longer than any client's idle timeout, so the server never closes a connection a client reuses.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.requestTimeout = 0;

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const handlers = {
  routes: (routes: Route[]) => ledger.setRoutes(routes),
  mode: ({ paths, mode }: { paths: string[]; mode: Mode }) => {
    ledger.setMode(paths, mode);
    // Requests already hanging on those paths are let go (as a reset) when they stop hanging.
    if (mode !== 'hang') for (const res of hanging) res.destroy();
  },
  counts: (tags: string[]) => ledger.counts(tags),
  report: (tag: string) => ledger.report(tag),
  global: () => ledger.global(),
  alerts: () => ledger.alerts,
  forget: (tags: string[]) => ledger.forget(tags),
};
export type ReceiverHandlers = typeof handlers;

serveRpc(handlers, { port });
