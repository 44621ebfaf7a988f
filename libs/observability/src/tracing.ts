import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

type Env = Record<string, string | undefined>;

/** A started tracing SDK: flushes and stops on shutdown. */
export interface Tracing {
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Whether the standard OpenTelemetry variables ask for traces. Tracing is off
 * by default: it starts only when `OTEL_TRACES_EXPORTER` names an exporter
 * other than `none`, or an OTLP endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and `OTEL_SDK_DISABLED` is not
 * `true`.
 */
export function tracingRequested(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  if (exporters.length > 0) return !exporters.every((e) => e === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the OpenTelemetry SDK for one service when `tracingRequested`, before
 * the app is created; otherwise loads nothing and returns `undefined` (the
 * API's no-op tracer then costs a function call per span site). The SDK reads
 * the standard `OTEL_*` variables (exporter, endpoint, protocol, sampler,
 * batch delays); the service name defaults to `herald-<service>`. Outbound
 * HTTP through undici (webhook deliveries) is traced by its diagnostics
 * channels, which need no module patching; every other span is made by hand.
 */
export async function startTracing(
  service: string,
  env: Env = process.env,
): Promise<Tracing | undefined> {
  if (active) return active;
  if (!tracingRequested(env)) return undefined;
  const [{ NodeSDK }, { UndiciInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: `herald-${service}` }),
    instrumentations: [new UndiciInstrumentation()],
  });
  sdk.start();
  const started: Tracing = {
    shutdown: async () => {
      if (active !== started) return;
      active = undefined;
      await sdk.shutdown();
    },
  };
  active = started;
  return started;
}

/** The running SDK, if any (shut down with the app so the last spans are sent). */
export function activeTracing(): Tracing | undefined {
  return active;
}

/** Trace and span id of the active span, for log lines; empty when none is recording. */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ctx = span.spanContext();
  if (!isSpanContextValid(ctx)) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}

/** Paths never traced: probes and scrapes. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

type ExpressRequest = IncomingMessage & {
  path?: string;
  route?: { path?: string };
  baseUrl?: string;
};

/**
 * Express middleware: one `SERVER` span per API request (not probes or
 * scrapes), continuing a W3C `traceparent` sent by the caller, named
 * `<METHOD> <route>` once the route is known. The rest of the request runs in
 * the span's context, so what the handler publishes joins the trace.
 */
export function httpServerSpans(service: string) {
  const tracer = trace.getTracer(`herald-${service}`);
  return (req: ExpressRequest, res: ServerResponse, next: () => void): void => {
    const path = req.path ?? req.url ?? '';
    if (UNTRACED_PATHS.has(path)) return next();
    const method = req.method ?? 'GET';
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': path },
      },
      parent,
    );
    res.once('finish', () => {
      const route = req.route?.path;
      if (route !== undefined) {
        const full = `${req.baseUrl ?? ''}${route}`;
        span.updateName(`${method} ${full}`);
        span.setAttribute('http.route', full);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
