import { afterEach, describe, expect, it } from '@jest/globals';
import { trace, TraceFlags, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { tracingActive } from './trace-context.js';

/** A tracer provider that hands out spans with a valid context, as an SDK does. */
function providerWithValidSpans(sampled: boolean): TracerProvider {
  const span = {
    spanContext: () => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    }),
  } as unknown as Span;
  const tracer = { startSpan: () => span } as unknown as Tracer;
  return { getTracer: () => tracer };
}

describe('tracingActive', () => {
  afterEach(() => trace.disable());

  it('is false with no tracing SDK: the no-op tracer gives invalid span contexts', () => {
    expect(tracingActive()).toBe(false);
  });

  it('is true once a tracer provider is registered, sampled or not', () => {
    trace.setGlobalTracerProvider(providerWithValidSpans(false));
    expect(tracingActive()).toBe(true);
    trace.disable();
    trace.setGlobalTracerProvider(providerWithValidSpans(true));
    expect(tracingActive()).toBe(true);
  });
});
