import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';
import { compilePayloadSchema, warmSchemaEngine, type PayloadValidator } from '@herald/catalog';
import type { EventTypeView } from '@herald/contracts';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryView } from '@herald/registry-view';
import { RejectedEvent } from './event-rules.js';

/** The platform's own event type, sent only by endpoint tests (targeted at one endpoint). */
export const TEST_EVENT_TYPE = 'herald.test';

/**
 * Checks an event against its tenant's catalog (from the read model): the
 * (type, version) must be in it (archived versions still are), the payload
 * must satisfy the version's JSON Schema (every error reported), and a
 * `merge` envelope needs an object. `herald.*` types are the platform's:
 * only `herald.test`, and only for a targeted endpoint test. Compiled
 * schemas are cached per version until it changes. The schema engine is
 * warmed at start (ADR 0046), and the time of every schema check (compile
 * when not cached, then validate) is a histogram.
 */
@Injectable()
export class EventCatalog implements OnModuleInit {
  private readonly validators = new Map<
    string,
    { updatedAt: string; validate: PayloadValidator }
  >();
  private readonly validation: Histogram;

  constructor(
    private readonly registry: RegistryView,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.validation = new Histogram({
      name: 'herald_ingest_schema_validation_seconds',
      help: "Time to check one event's payload against its version's JSON Schema (compiling it when not cached)",
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [metrics],
    });
  }

  onModuleInit(): void {
    const ms = warmSchemaEngine();
    new Logger(EventCatalog.name).log(`schema engine warmed in ${ms.toFixed(0)} ms`);
  }

  /** The version's catalog entry (null for `herald.test`), or a `RejectedEvent`. */
  check(
    event: { tenantId: string; eventType: string; version: number; parsed: unknown },
    targeted: boolean,
  ): EventTypeView | null {
    if (event.eventType.startsWith('herald.')) {
      if (event.eventType === TEST_EVENT_TYPE && targeted) return null;
      throw new RejectedEvent(
        'reserved_event_type',
        `event types under "herald." are reserved for the platform`,
      );
    }
    const view = this.registry.eventType(event.tenantId, event.eventType, event.version);
    if (!view) {
      const known = [...this.registry.eventTypeVersions(event.tenantId, event.eventType)];
      const message =
        known.length === 0
          ? `event type "${event.eventType}" is not in the tenant's catalog`
          : `event type "${event.eventType}" has no version ${event.version} (it has ${known
              .map((v) => v.version)
              .sort((a, b) => a - b)
              .join(', ')})`;
      throw new RejectedEvent('unknown_event_type', message);
    }
    const problems = this.validate(view, event.parsed);
    if (problems.length > 0) {
      const details = problems.map((p) => ({
        field: `payload${p.path.replace(/\//g, '.')}`,
        reason: p.message,
      }));
      throw new RejectedEvent(
        'schema_validation_failed',
        `payload does not match the schema of "${view.name}" version ${view.version}: ${details
          .map((d) => `${d.field} ${d.reason}`)
          .join('; ')}`,
        details,
      );
    }
    const isObject =
      typeof event.parsed === 'object' && event.parsed !== null && !Array.isArray(event.parsed);
    if (view.envelope?.mode === 'merge' && !isObject) {
      throw new RejectedEvent(
        'payload_not_object',
        `"${view.name}" version ${view.version} adds envelope fields to the payload, so it must be a JSON object`,
      );
    }
    return view;
  }

  private validate(view: EventTypeView, payload: unknown) {
    if (view.schema === null) return [];
    const stop = this.validation.startTimer();
    try {
      return this.validatorOf(view)(payload);
    } finally {
      stop();
    }
  }

  private validatorOf(view: EventTypeView): PayloadValidator {
    if (view.schema === null) return () => [];
    const cached = this.validators.get(view.id);
    if (cached?.updatedAt === view.updatedAt) return cached.validate;
    const validate = compilePayloadSchema(view.schema);
    this.validators.set(view.id, { updatedAt: view.updatedAt, validate });
    return validate;
  }
}
