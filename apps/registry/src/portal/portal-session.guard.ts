import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerToken, type RequestWithPrincipal } from '@herald/api-auth';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { sameSecret } from '../tenants/admin-token.guard.js';

export type RequestWithOperator = RequestWithPrincipal & { operator?: boolean };

/**
 * `POST /v1/portal-sessions`: the platform's admin token (the caller names
 * the tenant) or a tenant key allowed to mint credentials (admin). A portal
 * session itself may not mint another (see `PORTAL_REFUSED`).
 */
@Injectable()
export class PortalSessionGuard implements CanActivate {
  constructor(
    private readonly tenantKeys: TenantKeyGuard,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithOperator>();
    const token = bearerToken(request.headers);
    if (token && sameSecret(token, this.config.HERALD_ADMIN_TOKEN)) {
      request.operator = true;
      return true;
    }
    return this.tenantKeys.canActivate(context);
  }
}
