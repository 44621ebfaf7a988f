import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '@herald/contracts';

/** Kinds a destination may choose (a `test` goes to the destination it names anyway). */
export const SELECTABLE_KINDS = ALERT_KINDS.filter(
  (k): k is Exclude<AlertKind, 'test'> => k !== 'test',
);

const kinds = z
  .array(z.enum(SELECTABLE_KINDS as [string, ...string[]]))
  .min(1)
  .transform((list) => [...new Set(list)] as AlertKind[])
  .nullable();

/** `POST /v1/alert-destinations` */
export const createDestinationSchema = z.strictObject({
  url: z.string().min(1),
  /** Kinds to receive; omitted or null means every kind. */
  kinds: kinds.optional().default(null),
  enabled: z.boolean().optional().default(true),
  description: z.string().max(500).nullable().optional().default(null),
});

/** `PATCH /v1/alert-destinations/:id` — any subset of the fields. */
export const updateDestinationSchema = z
  .strictObject({
    url: z.string().min(1).optional(),
    kinds: kinds.optional(),
    enabled: z.boolean().optional(),
    description: z.string().max(500).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });

export type CreateDestination = z.infer<typeof createDestinationSchema>;
export type UpdateDestination = z.infer<typeof updateDestinationSchema>;
