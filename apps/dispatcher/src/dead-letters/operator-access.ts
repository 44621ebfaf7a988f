import { forbidden } from '@herald/http-api';
import type { TenantPrincipal } from '@herald/registry-view';

/** Replays change what receivers get: viewer keys may read dead letters and replays, never start one. */
export function requireOperator(principal: TenantPrincipal): void {
  if (principal.role === 'viewer') throw forbidden('a viewer API key may only read');
}
