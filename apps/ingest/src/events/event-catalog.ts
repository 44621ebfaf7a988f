import { Injectable } from '@nestjs/common';
import { compilePayloadSchema, type PayloadValidator } from '@herald/catalog';
import type { EventTypeView } from '@herald/contracts';
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
 * schemas are cached per version until it changes.
 */
@Injectable()
export class EventCatalog {
  private readonly validators = new Map<
    string,
    { updatedAt: string; validate: PayloadValidator }
  >();

  constructor(private readonly registry: RegistryView) {}

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
    const problems = this.validatorOf(view)(event.parsed);
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

  private validatorOf(view: EventTypeView): PayloadValidator {
    if (view.schema === null) return () => [];
    const cached = this.validators.get(view.id);
    if (cached?.updatedAt === view.updatedAt) return cached.validate;
    const validate = compilePayloadSchema(view.schema);
    this.validators.set(view.id, { updatedAt: view.updatedAt, validate });
    return validate;
  }
}
