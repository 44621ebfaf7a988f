/**
 * The receiver's book-keeping, kept free of HTTP so it can be unit tested.
 *
 * Invariants: a request counts as a delivery only if its Standard Webhooks
 * signature verifies against the secret registered for its path and its body
 * is a bench payload; deliveries are de-duplicated per path by `webhook-id`
 * and by the payload's sequence number (a message re-sent under another id is
 * a duplicate too); everything else is counted as a verification failure, so
 * a run that delivers wrong, unsigned or repeated requests cannot look good.
 * Figures are kept per payload tag (one tag per measured phase), so a late
 * request from an earlier phase never counts in a later one.
 */
export type Mode = 'ok' | 'hang' | 'fail';

export interface Route {
  path: string;
  secret: string;
  mode: Mode;
}

/** What the bench puts in every payload: phase tag, sequence number, publish time (ms, monotonic). */
export interface BenchPayload {
  tag: string;
  seq: number;
  t: number;
}

export type Verifier = (secret: string, body: string, headers: SignatureHeaders) => boolean;

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Per-tag figures; `seq`, `sent`, `received` and `pathIndex` are parallel, one entry per unique delivery. */
export interface TagReport {
  tag: string;
  unique: number;
  duplicates: number;
  invalidSignature: number;
  failedRequests: number;
  hungRequests: number;
  paths: string[];
  seq: Float64Array;
  sent: Float64Array;
  received: Float64Array;
  pathIndex: Uint32Array;
  /** Requests answered with a failure (mode `fail`): per path and webhook-id, their receipt times. */
  failures: { path: string; id: string; received: number[] }[];
  /** The first few deliveries' path and webhook-id, for read-back through the API. */
  sample: { path: string; id: string }[];
  /** Path and webhook-id of the first duplicates, to look up why they were sent twice. */
  duplicateSample: { path: string; id: string }[];
}

export interface GlobalReport {
  requests: number;
  unknownPath: number;
  /** Signed correctly but not a bench payload, or not JSON at all. */
  badPayload: number;
  /** Invalid signatures on bodies that carried no readable tag. */
  invalidUntagged: number;
  tags: string[];
}

export interface AlertRecord {
  id: string;
  kind: string;
  messageId: string | null;
  endpointId: string | null;
  attempts: number | null;
  received: number;
  authorized: boolean;
  duplicate: boolean;
}

const SAMPLE_SIZE = 20;
const DUPLICATE_SAMPLE_SIZE = 200;

class TagLedger {
  readonly ids = new Set<string>();
  readonly seqs = new Set<string>();
  duplicates = 0;
  invalidSignature = 0;
  failedRequests = 0;
  hungRequests = 0;
  readonly seq: number[] = [];
  readonly sent: number[] = [];
  readonly received: number[] = [];
  readonly pathIndex: number[] = [];
  readonly failures = new Map<string, { path: string; id: string; received: number[] }>();
  readonly sample: { path: string; id: string }[] = [];
  readonly duplicateSample: { path: string; id: string }[] = [];
}

export class Ledger {
  private readonly routes = new Map<string, Route>();
  private readonly tags = new Map<string, TagLedger>();
  private readonly pathIds = new Map<string, number>();
  private readonly pathNames: string[] = [];
  private readonly alertIds = new Set<string>();
  readonly alerts: AlertRecord[] = [];
  private readonly totals = { requests: 0, unknownPath: 0, badPayload: 0, invalidUntagged: 0 };

  constructor(
    private readonly verify: Verifier,
    private readonly alertPath: string,
    private readonly alertToken: string,
  ) {}

  setRoutes(routes: Route[]): void {
    for (const route of routes) this.routes.set(route.path, route);
  }

  setMode(paths: string[], mode: Mode): void {
    for (const path of paths) {
      const route = this.routes.get(path);
      if (route) route.mode = mode;
    }
  }

  /** Records one request and says how to answer it. */
  record(
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
    received: number,
  ): { status: number } | 'hang' {
    this.totals.requests += 1;
    if (path === this.alertPath) return this.recordAlert(headers, body, received);
    const route = this.routes.get(path);
    if (!route) {
      this.totals.unknownPath += 1;
      return { status: 404 };
    }
    const payload = parsePayload(body);
    const signature = {
      'webhook-id': header(headers, 'webhook-id'),
      'webhook-timestamp': header(headers, 'webhook-timestamp'),
      'webhook-signature': header(headers, 'webhook-signature'),
    };
    const valid = this.verify(route.secret, body, signature);
    if (!payload) {
      if (valid) this.totals.badPayload += 1;
      else this.totals.invalidUntagged += 1;
      return { status: 400 };
    }
    const tag = this.tag(payload.tag);
    if (!valid) {
      tag.invalidSignature += 1;
      return { status: 400 };
    }
    const id = signature['webhook-id'];
    if (route.mode === 'fail') {
      tag.failedRequests += 1;
      const key = `${path}\n${id}`;
      const entry = tag.failures.get(key) ?? { path, id, received: [] };
      entry.received.push(received);
      tag.failures.set(key, entry);
      return { status: 500 };
    }
    if (route.mode === 'hang') {
      tag.hungRequests += 1;
      return 'hang';
    }
    const idKey = `${path}\n${id}`;
    const seqKey = `${path}\n${payload.seq}`;
    if (tag.ids.has(idKey) || tag.seqs.has(seqKey)) {
      tag.duplicates += 1;
      if (tag.duplicateSample.length < DUPLICATE_SAMPLE_SIZE)
        tag.duplicateSample.push({ path, id });
      return { status: 200 };
    }
    tag.ids.add(idKey);
    tag.seqs.add(seqKey);
    tag.seq.push(payload.seq);
    tag.sent.push(payload.t);
    tag.received.push(received);
    tag.pathIndex.push(this.pathId(path));
    if (tag.sample.length < SAMPLE_SIZE) tag.sample.push({ path, id });
    return { status: 200 };
  }

  /** Unique deliveries of each tag so far. */
  counts(tags: string[]): Record<string, number> {
    return Object.fromEntries(tags.map((tag) => [tag, this.tags.get(tag)?.sent.length ?? 0]));
  }

  report(tag: string): TagReport {
    const ledger = this.tags.get(tag) ?? new TagLedger();
    return {
      tag,
      unique: ledger.sent.length,
      duplicates: ledger.duplicates,
      invalidSignature: ledger.invalidSignature,
      failedRequests: ledger.failedRequests,
      hungRequests: ledger.hungRequests,
      paths: [...this.pathNames],
      seq: Float64Array.from(ledger.seq),
      sent: Float64Array.from(ledger.sent),
      received: Float64Array.from(ledger.received),
      pathIndex: Uint32Array.from(ledger.pathIndex),
      failures: [...ledger.failures.values()],
      sample: [...ledger.sample],
      duplicateSample: [...ledger.duplicateSample],
    };
  }

  global(): GlobalReport {
    return { ...this.totals, tags: [...this.tags.keys()] };
  }

  forget(tags: string[]): void {
    for (const tag of tags) this.tags.delete(tag);
  }

  private tag(name: string): TagLedger {
    let ledger = this.tags.get(name);
    if (!ledger) {
      ledger = new TagLedger();
      this.tags.set(name, ledger);
    }
    return ledger;
  }

  private pathId(path: string): number {
    let id = this.pathIds.get(path);
    if (id === undefined) {
      id = this.pathNames.length;
      this.pathNames.push(path);
      this.pathIds.set(path, id);
    }
    return id;
  }

  private recordAlert(
    headers: Record<string, string | string[] | undefined>,
    body: string,
    received: number,
  ): { status: number } {
    const authorized = header(headers, 'authorization') === `Bearer ${this.alertToken}`;
    let parsed: { id?: unknown; kind?: unknown; data?: Record<string, unknown> } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      // An unreadable alert is still recorded: it will fail verification for lack of ids.
    }
    const id = typeof parsed.id === 'string' ? parsed.id : '';
    const data = parsed.data ?? {};
    const duplicate = this.alertIds.has(id);
    this.alertIds.add(id);
    this.alerts.push({
      id,
      kind: typeof parsed.kind === 'string' ? parsed.kind : '',
      messageId: typeof data.messageId === 'string' ? data.messageId : null,
      endpointId: typeof data.endpointId === 'string' ? data.endpointId : null,
      attempts: typeof data.attempts === 'number' ? data.attempts : null,
      received,
      authorized,
      duplicate,
    });
    return { status: authorized ? 204 : 401 };
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function parsePayload(body: string): BenchPayload | null {
  try {
    const value = JSON.parse(body) as Partial<BenchPayload>;
    if (
      typeof value.tag === 'string' &&
      typeof value.seq === 'number' &&
      typeof value.t === 'number'
    ) {
      return { tag: value.tag, seq: value.seq, t: value.t };
    }
  } catch {
    // not JSON: a bad payload
  }
  return null;
}
