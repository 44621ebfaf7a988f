import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyView } from '@herald/contracts';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import { hashApiKey } from './api-key.js';
import { RegistryView } from './registry-view.js';

/** What an authenticated request knows about its caller. */
export interface TenantPrincipal {
  tenantId: string;
  keyId: string;
  role: ApiKeyView['role'];
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

/**
 * Authenticates `Authorization: Bearer <api key>` against the registry's read
 * model and attaches the tenant to the request. Unknown or revoked keys get 401.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly registry: RegistryView) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const key = this.registry.apiKey(hashApiKey(token));
    if (!key || !this.registry.tenant(key.tenantId)) {
      throw unknownApiKey();
    }
    request.principal = { tenantId: key.tenantId, keyId: key.keyId, role: key.role };
    return true;
  }
}
