import type { ApiKeyRole } from '@herald/contracts';
import { forbidden } from '@herald/http-api';
import type { TenantPrincipal } from '@herald/registry-view';

/** Replays change what receivers get: viewer keys may read dead letters and replays, never start one. */
export const OPERATOR_ROLES: readonly ApiKeyRole[] = ['admin', 'configurator'];

export const readOnlyKey = () => forbidden('a viewer API key may only read');

export function requireOperator(principal: TenantPrincipal): void {
  if (!OPERATOR_ROLES.includes(principal.role)) throw readOnlyKey();
}
