import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/nats-core';

/** The tracer of Herald's messaging spans (a no-op until a tracing SDK is started). */
export const messagingTracer = () => trace.getTracer('herald-messaging');

/**
 * Whether a tracing SDK is started: the API's no-op tracer gives every span
 * the invalid context, an SDK a valid one (sampled or not). The probe span is
 * never ended, so it is never exported.
 */
export function tracingActive(): boolean {
  return isSpanContextValid(messagingTracer().startSpan('probe', { root: true }).spanContext());
}

const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  get: (carrier, key) => {
    const value = carrier?.get(key);
    return value === undefined || value === '' ? undefined : value;
  },
};

/**
 * The W3C trace context (`traceparent`, `tracestate`) of `ctx`, as headers to
 * put on a NATS message; empty when no span is active or tracing is off.
 */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The trace context a NATS message carries in its headers (the active context when none). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), headers, natsHeaderGetter);
}

/**
 * Runs `publish` inside a `PRODUCER` span named `publish <topic>`; the
 * callback gets the headers that carry the span's context to the consumer.
 */
export async function withPublishSpan<T>(
  topic: string,
  subject: string,
  publish: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  return messagingTracer().startActiveSpan(
    `publish ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        'messaging.destination.name': subject,
      },
    },
    async (span) => {
      try {
        return await publish(traceHeaders());
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks a span failed with the error's message. */
export function failSpan(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
}

/** The trace context active now, to run work later in it (`runInTrace`). */
export function activeTrace(): Context {
  return context.active();
}

/**
 * Runs `fn` (with `self` as `this`) in `trace`, for work that runs later
 * outside the async chain that started it (an actor's mailbox, a batch
 * writer), so what it does joins the same trace. Without a tracing SDK it is
 * a plain call.
 */
export function runInTrace<A extends unknown[], R, S>(
  trace: Context,
  fn: (this: S, ...args: A) => R,
  self: S,
  ...args: A
): R {
  return context.with(trace, fn, self, ...args);
}

export { SpanKind };
