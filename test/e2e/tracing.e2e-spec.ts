import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createTestDatabase,
  dropNamespace,
  Platform,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
  WebhookReceiver,
  randomAdminToken,
} from '@herald/testing';

/**
 * OpenTelemetry across the pipeline: the five services export spans over
 * OTLP/HTTP (JSON) to a collector inside the test; one event published over
 * HTTP is one trace, from ingest through the dispatcher's webhook POST to the
 * health-monitor's attempt log, and the trace context reaches the receiver.
 */
const ADMIN_TOKEN = randomAdminToken();
const root = path.resolve(import.meta.dirname, '../..');

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
}

// OTLP span kinds (the enum of the protocol, not the API's).
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
      }[];
    }[];
  }[];
}

/** A minimal OTLP/HTTP trace receiver: records every span it is sent. */
class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        this.contentTypes.add(String(req.headers['content-type']));
        const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport;
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service =
            resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value
              .stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              this.spans.push({
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                name: span.name,
                kind: span.kind,
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inTrace(traceId: string): CollectedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('tracing end to end', () => {
  const namespace = uniqueNamespace('otel');
  const receiver = new WebhookReceiver();
  const collector = new OtlpCollector();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let platform: Platform;
  let apiKey: string;

  const api = async (
    service: 'registry' | 'ingest',
    method: string,
    route: string,
    body?: unknown,
    token = apiKey,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${platform.url(service)}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };

  beforeAll(async () => {
    await receiver.start();
    const otlp = await collector.start();
    db = await createTestDatabase();
    platform = new Platform(root, {
      NATS_URL: TEST_NATS_URL,
      DATABASE_URL: db.url,
      HERALD_NAMESPACE: namespace,
      HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
      LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
    await platform.start();
    const tenant = await api('registry', 'POST', '/v1/tenants', { name: 'acme' }, ADMIN_TOKEN);
    expect(tenant.status).toBe(201);
    apiKey = String(tenant.body.apiKey);
    const catalog = await api('registry', 'POST', '/v1/event-types/import', {
      eventTypes: [{ name: 'order.paid' }],
    });
    expect(catalog.status).toBe(200);
    const endpoint = await api('registry', 'POST', '/v1/endpoints', {
      url: receiver.url('/orders'),
      eventTypes: ['order.paid'],
    });
    expect(endpoint.status).toBe(201);
    // Warm-up: ingest's read model knows the endpoint once a first event arrives.
    await pollUntil(
      async () =>
        (
          await api('ingest', 'POST', '/v1/events', {
            type: 'order.paid',
            id: 'warm-up',
            payload: {},
          })
        ).status === 202,
      { what: 'ingest knows the tenant' },
    );
    await pollUntil(() => receiver.on('/orders').length > 0, { what: 'warm-up delivery' });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
    await collector.stop();
    await dropNamespace(TEST_NATS_URL, namespace);
    await db?.drop();
  });

  it('makes one trace of one event: HTTP ingest, fan-out, delivery and attempt log', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const sent = await api(
      'ingest',
      'POST',
      '/v1/events',
      { type: 'order.paid', id: 'traced-1', payload: { order: 42 } },
      apiKey,
      { traceparent: `00-${traceId}-${parentId}-01` },
    );
    expect(sent.status).toBe(202);

    // The webhook carries the event's trace context to the receiver.
    const delivered = await pollUntil(
      () => receiver.on('/orders').find((r) => r.body.includes('"order":42')),
      { what: 'the traced event delivered' },
    );
    expect(String(delivered.headers.traceparent)).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );

    const has = (service: string, name: string | RegExp, kind: number) => (s: CollectedSpan) =>
      s.service === service &&
      s.kind === kind &&
      (typeof name === 'string' ? s.name === name : name.test(s.name));
    const wanted = {
      httpIngest: has('herald-ingest', 'POST /v1/events', SERVER),
      natsIngest: has('herald-ingest', 'process ingest', CONSUMER),
      fanOut: has('herald-ingest', 'publish deliver.v1', PRODUCER),
      dispatch: has('herald-dispatcher', 'process deliver.v1', CONSUMER),
      webhookPost: has('herald-dispatcher', /^POST/, CLIENT),
      attemptPublish: has('herald-dispatcher', 'publish attempt.v1', PRODUCER),
      attemptLog: has('herald-health-monitor', 'process attempt.v1', CONSUMER),
    };
    const spans = await pollUntil(
      () => {
        const inTrace = collector.inTrace(traceId);
        return Object.values(wanted).every((match) => inTrace.some(match)) && inTrace;
      },
      { timeoutMs: 30_000, what: 'spans of every service in the event trace' },
    );
    const find = (match: (s: CollectedSpan) => boolean) => spans.find(match)!;

    // The chain of parents: each hop continues the one before it.
    expect(find(wanted.httpIngest).parentSpanId).toBe(parentId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: CollectedSpan): string[] => {
      const names: string[] = [];
      for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) {
        names.push(`${p.service} ${p.name}`);
      }
      return names;
    };
    expect(ancestors(find(wanted.attemptLog))).toEqual(
      expect.arrayContaining([
        'herald-dispatcher publish attempt.v1',
        'herald-dispatcher process deliver.v1',
        'herald-ingest publish deliver.v1',
        'herald-ingest process ingest',
        'herald-ingest POST /v1/events',
      ]),
    );
    expect(ancestors(find(wanted.webhookPost))).toContain('herald-dispatcher process deliver.v1');
    // The exporter speaks OTLP/JSON as configured.
    expect([...collector.contentTypes]).toEqual(['application/json']);
  }, 90_000);
});
