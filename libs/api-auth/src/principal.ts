import type { ApiKeyView } from '@herald/contracts';

/** What an authenticated request knows about its caller. */
export interface TenantPrincipal {
  tenantId: string;
  keyId: string;
  role: ApiKeyView['role'];
  /** Set when the caller is a portal session (a signed token), not an API key. */
  via?: 'portal';
}

export type RequestWithPrincipal = {
  headers: Record<string, unknown>;
  principal?: TenantPrincipal;
};

export function bearerToken(headers: Record<string, unknown>): string | null {
  const value = headers['authorization'];
  if (typeof value !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  return match?.[1] ?? null;
}
