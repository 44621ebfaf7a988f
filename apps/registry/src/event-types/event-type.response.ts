import { z } from 'zod';
import { envelopeSchema } from '@herald/contracts';
import { apiListSchema, apiSchema } from '@herald/http-api';
import type { EventTypeEntity } from '../entities/event-type.entity.js';

const example = {
  id: '3c9d1e2f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  name: 'AgentLog',
  version: 1,
  description: 'An agent logged in (isLogin true) or out (false).',
  schema: {
    type: 'object',
    properties: { agent: { type: 'string' }, isLogin: { type: 'boolean' } },
    required: ['agent', 'isLogin'],
  },
  envelope: {
    mode: 'merge' as const,
    fields: {
      event: { from: 'eventType' as const },
      date: { from: 'timestamp' as const, format: 'datetime' as const },
    },
    dataField: null,
  },
  example: { agent: 'agentTest', isLogin: true },
  archived: false,
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
};

/** One version of an event type, as the API shows it. */
export const eventTypeResponseSchema = apiSchema(
  z.object({
    id: z.uuid(),
    name: z.string(),
    version: z.number().int(),
    description: z.string().nullable(),
    schema: z.unknown().meta({ description: 'JSON Schema of the payload; null accepts any JSON.' }),
    envelope: envelopeSchema.nullable().meta({
      description: 'Fields Herald adds around the payload; null delivers it byte for byte.',
    }),
    example: z.unknown().meta({ description: 'A payload as the producer publishes it.' }),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  }),
  { id: 'EventType', example },
);
export type EventTypeResponse = z.infer<typeof eventTypeResponseSchema>;

export const eventTypeListSchema = apiListSchema(
  eventTypeResponseSchema,
  'By name, then version.',
  example,
);

export const eventTypeSummarySchema = apiSchema(
  z.object({
    name: z.string(),
    defaultVersion: z.number().int().nullable().meta({
      description: 'The version unpinned subscriptions receive: the oldest not archived.',
    }),
    versions: z.array(eventTypeResponseSchema),
  }),
  { example: { name: 'AgentLog', defaultVersion: 1, versions: [example] } },
);

export const importResultSchema = apiSchema(
  z.object({
    created: z.number().int(),
    updated: z.number().int(),
    eventTypes: z.array(eventTypeResponseSchema),
  }),
  { example: { created: 1, updated: 0, eventTypes: [example] } },
);

export const toEventTypeResponse = (row: EventTypeEntity): EventTypeResponse => ({
  id: row.id,
  name: row.name,
  version: row.version,
  description: row.description,
  schema: row.schema ?? null,
  envelope: row.envelope,
  example: row.example ?? null,
  archived: row.archived,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
