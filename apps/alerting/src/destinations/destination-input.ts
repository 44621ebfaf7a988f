import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '@herald/contracts';
import { apiSchema } from '@herald/http-api';

/** Kinds a destination may choose (a `test` goes to the destination it names anyway). */
export const SELECTABLE_KINDS = ALERT_KINDS.filter(
  (k): k is Exclude<AlertKind, 'test'> => k !== 'test',
);

const kinds = z
  .array(z.enum(SELECTABLE_KINDS))
  .min(1)
  .nullable()
  .meta({ description: 'Alert kinds to receive; null (or omitted) means every kind.' });

const url = z.string().min(1).meta({
  description:
    'HTTPS only (plain http only for development addresses in HERALD_ALLOWED_CIDRS); no credentials.',
});
const description = z.string().max(500).nullable();

/** `POST /v1/alert-destinations` */
export const createDestinationSchema = apiSchema(
  z.strictObject({
    url,
    kinds: kinds.optional().default(null),
    enabled: z.boolean().optional().default(true).meta({ description: 'The on/off switch.' }),
    description: description.optional().default(null),
  }),
  {
    id: 'NewAlertDestination',
    example: {
      url: 'https://ops.example.com/hooks/herald-alerts',
      kinds: ['delivery.exhausted', 'endpoint.paused', 'endpoint.disabled', 'endpoint.recovered'],
      description: 'on-call channel',
    },
  },
);

/** `PATCH /v1/alert-destinations/:id` — any subset of the fields. */
export const updateDestinationSchema = apiSchema(
  z
    .strictObject({
      url: url.optional(),
      kinds: kinds.optional(),
      enabled: z.boolean().optional(),
      description: description.optional(),
    })
    .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' }),
  { id: 'AlertDestinationChanges', example: { enabled: false } },
);

export type CreateDestination = z.infer<typeof createDestinationSchema>;
export type UpdateDestination = z.infer<typeof updateDestinationSchema>;

/** Normalises a kinds list (duplicates removed). */
export const uniqueKinds = (list: AlertKind[] | null | undefined) =>
  list === null || list === undefined ? list : [...new Set(list)];
