/**
 * An example event-type catalog shipped with Herald, one per source product
 * whose webhooks Herald reproduces: load one with `POST /v1/catalogs/:name/load` (or
 * `herald catalogs load <name>`) and a tenant can publish that product's
 * events at once. Each event type's `example` is the payload a producer
 * publishes; with the catalog's envelope, receivers get the payload in the
 * source product's shape.
 */
export interface ExampleEventType {
  name: string;
  version?: number;
  description: string;
  schema: Record<string, unknown>;
  envelope: Record<string, unknown> | null;
  example: Record<string, unknown>;
}

export interface ExampleCatalog {
  name: string;
  title: string;
  description: string;
  /** Tenant settings the source product implies (applied by hand, never by loading). */
  suggestedSettings: Record<string, unknown>;
  eventTypes: ExampleEventType[];
}

export const str = { type: 'string' } as const;
export const bool = { type: 'boolean' } as const;
export const num = { type: 'number' } as const;
export const obj = (
  properties: Record<string, unknown>,
  required: string[] = [],
): Record<string, unknown> => ({ type: 'object', properties, required });
