import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { missingBearer, unauthorized } from '@herald/http-api';
import { bearerToken, type RequestWithPrincipal } from '@herald/api-auth';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';

/**
 * Compares two secrets in constant time. Both are hashed first so that
 * neither their content nor their length shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Operator routes: `Authorization: Bearer $HERALD_ADMIN_TOKEN`, else 401. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('admin token');
    if (!sameSecret(token, this.config.HERALD_ADMIN_TOKEN)) throw unauthorized('wrong admin token');
    return true;
  }
}
