import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * OpenTelemetry across the pipeline: the five services export spans over
 * OTLP/HTTP (JSON) to a collector inside the test; one event published over
 * HTTP is one trace, from ingest through the dispatcher's webhook POST to the
 * health-monitor's attempt log, and the trace context reaches the receiver.
 */
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
  const collector = new OtlpCollector();
  let otlp: string;
  const stack = new TestStack({
    prefix: 'otel',
    env: () => ({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    }),
  });
  const { receiver } = stack;
  const api = stack.api.bind(stack);

  beforeAll(async () => {
    otlp = await collector.start();
    await stack.start();
    await stack.tenant('acme', ['order.paid']);
    await stack.endpoint('/orders', { eventTypes: ['order.paid'] });
    // Warm-up: ingest's read model knows the endpoint once a first event arrives.
    await stack.untilIngestAccepts({ type: 'order.paid', id: 'warm-up', payload: {} });
    await pollUntil(() => receiver.on('/orders').length > 0, { what: 'warm-up delivery' });
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    await collector.stop();
  });

  it('makes one trace of one event: HTTP ingest, fan-out, delivery and attempt log', async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const sent = await api(
      'ingest',
      'POST',
      '/v1/events',
      { type: 'order.paid', id: 'traced-1', payload: { order: 42 } },
      stack.apiKey,
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
