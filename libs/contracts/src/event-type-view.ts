import { z } from 'zod';

/**
 * The event-type catalog as the registry publishes it to the read model
 * (`eventtype.<id>` in the KV bucket `<ns>_registry`).
 * Producer: registry. Consumer: ingest (validation, envelope, version matching).
 *
 * One view per (tenant, name, version): versions live side by side.
 */

/** Where an envelope field's value comes from (see `@herald/catalog`'s `applyEnvelope`). */
export const envelopeSources = [
  'eventType',
  'eventVersion',
  'messageId',
  'channel',
  'timestamp',
] as const;
/** `timestamp` formats: ISO 8601, Unix seconds, Unix milliseconds, `YYYY-MM-DD HH:mm:ss` (UTC). */
export const timestampFormats = ['iso8601', 'unix', 'unix_ms', 'datetime'] as const;

export const envelopeFieldSchema = z.union([
  z.strictObject({ value: z.json() }),
  z.strictObject({
    from: z.enum(envelopeSources),
    format: z.enum(timestampFormats).optional(),
  }),
]);
export type EnvelopeField = z.infer<typeof envelopeFieldSchema>;

/**
 * Fields Herald adds around the producer's payload. `merge`: added at the top
 * of the producer's JSON object (a field the producer already sent is kept as
 * sent). `wrap`: `{ ...fields, [dataField]: <payload> }`. Either way the
 * producer's bytes are kept exactly.
 */
export const envelopeSchema = z.object({
  mode: z.enum(['merge', 'wrap']),
  fields: z.record(z.string(), envelopeFieldSchema),
  /** Name of the field holding the payload (wrap only). */
  dataField: z.string().nullable().default(null),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const eventTypeViewSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  /** Archived versions are still accepted at ingest; new subscriptions may not name them. */
  archived: z.boolean(),
  /** JSON Schema the payload must satisfy; null accepts any JSON. */
  schema: z.json().nullable(),
  /** null: the payload is delivered byte for byte. */
  envelope: envelopeSchema.nullable(),
  updatedAt: z.string(),
});
export type EventTypeView = z.infer<typeof eventTypeViewSchema>;
