import { z } from 'zod';
import {
  envelopeSchema,
  envelopeSources,
  timestampFormats,
  type Envelope,
  type EnvelopeField,
} from '@herald/contracts';

/**
 * Payload envelopes: fields Herald adds around the producer's payload, as an
 * event-type version configures them. Pure.
 *
 * Input is a preset or the explicit form:
 *   { "preset": "event" }                → merge { "event": <type> }            (AI-agent alerts, chat inbox)
 *   { "preset": "event-date" }           → merge { "event": <type>, "date": "YYYY-MM-DD HH:mm:ss" } (contact-centre suite)
 *   { "preset": "v-type", "v": "1.1" }   → merge { "v": "1.1", "type": <type> } (chatbot platform)
 *   { "preset": "wrap" }                 → { "type", "timestamp", "data": <payload> }
 *   { "mode": "merge" | "wrap", "fields": {...}, "dataField"?: "data" }
 * A field is `{ "value": <any JSON> }` or `{ "from": "eventType" | "eventVersion"
 * | "messageId" | "channel" | "timestamp", "format"?: … }`; `timestamp` is when
 * Herald accepted the message.
 *
 * Applying keeps the producer's bytes: `merge` inserts the fields right after
 * the object's opening brace (a field the producer already sent is left as
 * sent: the producer wins), `wrap` writes the payload text verbatim as the
 * value of `dataField`. `merge` needs the payload to be a JSON object.
 */
export const MAX_ENVELOPE_FIELDS = 16;

const fieldName = z.string().min(1).max(64);

const explicitEnvelope = z
  .strictObject({
    mode: z.enum(['merge', 'wrap']),
    fields: z
      .record(
        fieldName,
        z.union([
          z.strictObject({ value: z.json() }),
          z.strictObject({
            from: z.enum(envelopeSources),
            format: z.enum(timestampFormats).optional(),
          }),
        ]),
      )
      .refine((fields) => Object.keys(fields).length <= MAX_ENVELOPE_FIELDS, {
        message: `at most ${MAX_ENVELOPE_FIELDS} fields`,
      }),
    dataField: fieldName.optional(),
  })
  .superRefine((envelope, ctx) => {
    if (envelope.mode === 'merge' && envelope.dataField !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['dataField'], message: 'applies to mode "wrap" only' });
    }
    const dataField = envelope.dataField ?? 'data';
    if (envelope.mode === 'wrap' && Object.hasOwn(envelope.fields, dataField)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', dataField],
        message: `is the field that holds the payload (dataField)`,
      });
    }
    for (const [name, field] of Object.entries(envelope.fields)) {
      if ('from' in field && field.format !== undefined && field.from !== 'timestamp') {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', name, 'format'],
          message: 'applies to "from": "timestamp" only',
        });
      }
    }
  });

const presetEnvelope = z.discriminatedUnion('preset', [
  z.strictObject({ preset: z.literal('none') }),
  z.strictObject({ preset: z.literal('event') }),
  z.strictObject({ preset: z.literal('event-date') }),
  z.strictObject({ preset: z.literal('v-type'), v: z.string().min(1).max(32).default('1.1') }),
  z.strictObject({ preset: z.literal('wrap') }),
]);

/** Body input of an envelope → the stored form (null: none). */
export const envelopeInputSchema = z
  .union([presetEnvelope, explicitEnvelope])
  .nullable()
  .transform((input): Envelope | null => {
    if (input === null) return null;
    if ('mode' in input) {
      return {
        mode: input.mode,
        fields: input.fields,
        dataField: input.mode === 'wrap' ? (input.dataField ?? 'data') : null,
      };
    }
    const type: EnvelopeField = { from: 'eventType' };
    switch (input.preset) {
      case 'none':
        return null;
      case 'event':
        return { mode: 'merge', fields: { event: type }, dataField: null };
      case 'event-date':
        return {
          mode: 'merge',
          fields: { event: type, date: { from: 'timestamp', format: 'datetime' } },
          dataField: null,
        };
      case 'v-type':
        return { mode: 'merge', fields: { v: { value: input.v }, type }, dataField: null };
      case 'wrap':
        return {
          mode: 'wrap',
          fields: { type, timestamp: { from: 'timestamp', format: 'iso8601' } },
          dataField: 'data',
        };
    }
  });

/** What an envelope's `from` fields read. */
export interface EnvelopeContext {
  eventType: string;
  eventVersion: number;
  messageId: string;
  channel: string | null;
  acceptedAt: Date;
}

export class EnvelopeNeedsObject extends Error {
  constructor() {
    super(
      'the event type adds envelope fields to the payload, so the payload must be a JSON object',
    );
    this.name = 'EnvelopeNeedsObject';
  }
}

/** The body delivered for a payload: its text with the envelope applied. */
export function applyEnvelope(
  text: string,
  parsed: unknown,
  envelope: Envelope | null,
  context: EnvelopeContext,
): string {
  if (envelope === null) return text;
  const members = (names: string[]) =>
    names.map(
      (name) =>
        `${JSON.stringify(name)}:${JSON.stringify(fieldValue(envelope.fields[name]!, context))}`,
    );
  if (envelope.mode === 'wrap') {
    const fields = members(Object.keys(envelope.fields));
    return `{${[...fields, `${JSON.stringify(envelope.dataField ?? 'data')}:${text}`].join(',')}}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new EnvelopeNeedsObject();
  const added = members(
    Object.keys(envelope.fields).filter((name) => !Object.hasOwn(parsed, name)),
  );
  if (added.length === 0) return text;
  const brace = text.indexOf('{');
  const rest = text.slice(brace + 1);
  const empty = rest.trimStart().startsWith('}');
  return `${text.slice(0, brace + 1)}${added.join(',')}${empty ? '' : ','}${rest}`;
}

function fieldValue(field: EnvelopeField, context: EnvelopeContext): unknown {
  if ('value' in field) return field.value;
  switch (field.from) {
    case 'eventType':
      return context.eventType;
    case 'eventVersion':
      return context.eventVersion;
    case 'messageId':
      return context.messageId;
    case 'channel':
      return context.channel;
    case 'timestamp':
      return formatTimestamp(context.acceptedAt, field.format ?? 'iso8601');
  }
}

export function formatTimestamp(
  at: Date,
  format: (typeof timestampFormats)[number],
): string | number {
  switch (format) {
    case 'iso8601':
      return at.toISOString();
    case 'unix':
      return Math.floor(at.getTime() / 1000);
    case 'unix_ms':
      return at.getTime();
    case 'datetime':
      return at.toISOString().slice(0, 19).replace('T', ' ');
  }
}

export { envelopeSchema };
