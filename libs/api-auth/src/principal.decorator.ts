import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithPrincipal, TenantPrincipal } from './principal.js';

/** The authenticated tenant of a route guarded by `ApiKeyGuard`. */
export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext): TenantPrincipal => {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (!principal) throw new Error('Principal used on a route without ApiKeyGuard');
    return principal;
  },
);
