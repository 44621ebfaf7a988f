import type { Envelope } from '@herald/contracts';
import type { EventTypeEntity } from './event-type.entity.js';

/** One version of an event type, as the API shows it. */
export interface EventTypeResponse {
  id: string;
  name: string;
  version: number;
  description: string | null;
  schema: unknown;
  envelope: Envelope | null;
  example: unknown;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

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
