import { describe, expect, it } from '@jest/globals';
import { rejectionCodeOf as codeOf } from '../unit-fixtures.js';
import { Registry } from 'prom-client';
import type { EventTypeView } from '@herald/contracts';
import type { RegistryView } from '@herald/registry-view';
import { EventCatalog } from './event-catalog.js';
import { RejectedEvent } from './event-rules.js';

const view = (overrides: Partial<EventTypeView>): EventTypeView => ({
  id: 'et-1',
  tenantId: 't1',
  name: 'AgentLog',
  version: 1,
  archived: false,
  schema: { type: 'object', required: ['agent'] },
  envelope: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** An EventCatalog over an in-memory catalog (the read model's seam). */
function catalogOf(views: EventTypeView[]) {
  const registry = {
    eventType: (tenantId: string, name: string, version: number) =>
      views.find((v) => v.tenantId === tenantId && v.name === name && v.version === version),
    eventTypeVersions: (tenantId: string, name: string) =>
      views.filter((v) => v.tenantId === tenantId && v.name === name),
  } as unknown as RegistryView;
  return new EventCatalog(registry, new Registry());
}

describe('EventCatalog', () => {
  const event = { tenantId: 't1', eventType: 'AgentLog', version: 1, parsed: { agent: 'a' } };

  it('accepts an event of a catalog version whose schema holds, archived or not', () => {
    expect(catalogOf([view({})]).check(event, false)?.id).toBe('et-1');
    expect(catalogOf([view({ archived: true })]).check(event, false)?.archived).toBe(true);
  });

  it('refuses unknown types and versions, another tenant’s types, and schema breaks', () => {
    const catalog = catalogOf([view({}), view({ id: 'et-2', tenantId: 't2', name: 'Theirs' })]);
    expect(codeOf(() => catalog.check({ ...event, eventType: 'Nope' }, false))).toBe(
      'unknown_event_type',
    );
    expect(codeOf(() => catalog.check({ ...event, version: 2 }, false))).toBe('unknown_event_type');
    expect(codeOf(() => catalog.check({ ...event, eventType: 'Theirs' }, false))).toBe(
      'unknown_event_type',
    );
    expect(codeOf(() => catalog.check({ ...event, parsed: {} }, false))).toBe(
      'schema_validation_failed',
    );
  });

  it('lists every schema error as a detail', () => {
    const catalog = catalogOf([view({ schema: { type: 'object', required: ['a', 'b'] } })]);
    let refused: RejectedEvent | null = null;
    try {
      catalog.check({ ...event, parsed: {} }, false);
    } catch (error) {
      refused = error as RejectedEvent;
    }
    expect(refused?.details).toEqual([
      { field: 'payload', reason: "must have required property 'a'" },
      { field: 'payload', reason: "must have required property 'b'" },
    ]);
  });

  it('needs an object under a merge envelope', () => {
    const merge = view({
      schema: null,
      envelope: { mode: 'merge', fields: { event: { from: 'eventType' } }, dataField: null },
    });
    expect(codeOf(() => catalogOf([merge]).check({ ...event, parsed: [1] }, false))).toBe(
      'payload_not_object',
    );
  });

  it('accepts herald.test only for a targeted test, and no other herald.* type', () => {
    const catalog = catalogOf([]);
    expect(catalog.check({ ...event, eventType: 'herald.test' }, true)).toBeNull();
    expect(codeOf(() => catalog.check({ ...event, eventType: 'herald.test' }, false))).toBe(
      'reserved_event_type',
    );
    expect(codeOf(() => catalog.check({ ...event, eventType: 'herald.other' }, true))).toBe(
      'reserved_event_type',
    );
  });

  it('recompiles a schema when its version changes', () => {
    const views = [view({})];
    const catalog = catalogOf(views);
    expect(codeOf(() => catalog.check({ ...event, parsed: {} }, false))).toBe(
      'schema_validation_failed',
    );
    views[0] = view({ schema: { type: 'object' }, updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(codeOf(() => catalog.check({ ...event, parsed: {} }, false))).toBe('accepted');
  });
});

describe('schema check time', () => {
  it('is observed once per event with a schema, never for a version without one', async () => {
    const metrics = new Registry();
    const registry = {
      eventType: (_tenantId: string, name: string) =>
        name === 'plain' ? view({ name, schema: null }) : view({ name }),
      eventTypeVersions: () => [],
    } as unknown as RegistryView;
    const catalog = new EventCatalog(registry, metrics);
    catalog.check(
      { tenantId: 't1', eventType: 'AgentLog', version: 1, parsed: { agent: 1 } },
      false,
    );
    catalog.check({ tenantId: 't1', eventType: 'plain', version: 1, parsed: {} }, false);
    const text = await metrics.metrics();
    expect(text).toContain('herald_ingest_schema_validation_seconds_count 1\n');
  });
});
