import { describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { activeTracing, startTracing, traceFields, tracingRequested } from './tracing.js';

describe('tracingRequested', () => {
  it('is off when no OTEL variable is set', () => {
    expect(tracingRequested({})).toBe(false);
  });

  it('is on for a traces exporter or an OTLP endpoint', () => {
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console, otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(
      tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }),
    ).toBe(true);
  });

  it('stays off when the exporter is none or the SDK is disabled', () => {
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(
      tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' }),
    ).toBe(false);
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(
      false,
    );
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'x' })).toBe(
      false,
    );
  });

  it('ignores unrelated OTEL variables', () => {
    expect(tracingRequested({ OTEL_SERVICE_NAME: 'x', OTEL_SDK_DISABLED: 'false' })).toBe(false);
  });
});

describe('startTracing', () => {
  it('starts no SDK when no OTEL variable is set: spans stay no-ops and logs carry no trace id', async () => {
    await expect(startTracing('ingest', {})).resolves.toBeUndefined();
    expect(activeTracing()).toBeUndefined();
    const span = trace.getTracer('test').startSpan('work');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(traceFields()).toEqual({});
  });

  it('starts no SDK when OTEL_SDK_DISABLED is true, whatever else is set', async () => {
    await expect(
      startTracing('ingest', { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }),
    ).resolves.toBeUndefined();
    expect(trace.getTracer('test').startSpan('work').isRecording()).toBe(false);
  });
});

describe('traceFields with the SDK started', () => {
  it('gives log lines the active span’s trace and span id, and nothing outside a span', async () => {
    // Sampled out: the SDK still gives spans real ids, and exports nothing.
    const saved = { ...process.env };
    process.env.OTEL_TRACES_SAMPLER = 'always_off';
    process.env.OTEL_TRACES_EXPORTER = 'otlp';
    process.env.OTEL_METRICS_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
    const tracing = await startTracing('test', process.env);
    expect(tracing).toBeDefined();
    try {
      const fields = trace.getTracer('test').startActiveSpan('work', (span) => {
        const inside = traceFields();
        span.end();
        return { inside, ids: span.spanContext() };
      });
      expect(fields.ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(fields.ids.traceId).not.toBe('0'.repeat(32));
      expect(fields.inside).toEqual({ trace_id: fields.ids.traceId, span_id: fields.ids.spanId });
      expect(traceFields()).toEqual({});
    } finally {
      await tracing?.shutdown();
      process.env = saved;
    }
  });
});
