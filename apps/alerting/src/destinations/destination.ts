import type { AlertKind } from '@herald/contracts';

/** Who a destination belongs to: one tenant, or the platform's operators (one destination). */
export type DestinationScope = 'tenant' | 'operator';

/**
 * Where alerts go. Holds the token: never log it, and never return it from
 * the API except once, when it is created or rotated.
 */
export interface Destination {
  id: string;
  scope: DestinationScope;
  /** Null for the operators' destination. */
  tenantId: string | null;
  url: string;
  token: string;
  enabled: boolean;
  /** Kinds it receives; null means every kind. (`test` goes to the destination it names.) */
  kinds: AlertKind[] | null;
  description: string | null;
  /** `environment` when HERALD_ALERT_WEBHOOK_URL defines it (its URL and token are then read-only). */
  managedBy: 'api' | 'environment';
  createdAt: string;
  updatedAt: string;
  tokenRotatedAt: string;
}

/** A destination as the API shows it: everything but the token. */
export type DestinationView = Omit<Destination, 'token'>;

export const toDestinationView = ({ token: _token, ...view }: Destination): DestinationView => view;
