import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyView } from '@herald/contracts';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import { hashApiKey } from './api-key.js';
import { RegistryView } from './registry-view.js';
import { authorize } from './route-permission.js';

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
 * model, attaches the tenant to the request, and checks the key's role
 * against the route's `@RequirePermission`. Unknown or revoked keys get 401,
 * a role without the permission 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly registry: RegistryView,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const key = this.registry.apiKey(hashApiKey(token));
    if (!key || !this.registry.tenant(key.tenantId)) {
      throw unknownApiKey();
    }
    const principal = { tenantId: key.tenantId, keyId: key.keyId, role: key.role };
    authorize(this.reflector, context, principal);
    request.principal = principal;
    return true;
  }
}
