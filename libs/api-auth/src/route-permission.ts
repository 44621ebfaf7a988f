import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { TenantPrincipal } from './principal.js';
import { forbidden } from '@herald/http-api';
import { PERMISSION_METADATA, roleAllows, roleRefused, type Permission } from './permissions.js';

/**
 * What a portal session may never do, whatever its role: mint credentials
 * (API keys, NATS credentials, further sessions). The portal never holds a
 * key, and a leaked link must not turn into a lasting one.
 */
export const PORTAL_REFUSED: readonly Permission[] = ['api-keys:manage'];

/** A route guarded by an API-key guard that declares no permission: a bug, refused (fail closed). */
export class UndeclaredPermission extends Error {
  constructor(route: string) {
    super(`route ${route} declares no @RequirePermission; refusing it`);
    this.name = 'UndeclaredPermission';
  }
}

/**
 * Checks the authenticated principal against the route's declared permission:
 * 403 naming the role and what it lacks; an undeclared route throws (500).
 */
export function authorize(
  reflector: Reflector,
  context: ExecutionContext,
  principal: TenantPrincipal,
): void {
  const permission = reflector.getAllAndOverride<Permission | undefined>(PERMISSION_METADATA, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (!permission) {
    throw new UndeclaredPermission(`${context.getClass().name}.${context.getHandler().name}`);
  }
  if (principal.via === 'portal' && PORTAL_REFUSED.includes(permission)) {
    throw forbidden(`a portal session may not do this (needs ${permission} through an API key)`);
  }
  if (!roleAllows(principal.role, permission)) {
    throw roleRefused(principal.role, permission);
  }
}

/** Routes of these controllers that declare no permission (for a test per service). */
export function undeclaredRoutes(
  controllers: (abstract new (...args: never[]) => unknown)[],
): string[] {
  const missing: string[] = [];
  for (const controller of controllers) {
    const onClass = Reflect.getMetadata(PERMISSION_METADATA, controller) as unknown;
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      // Only route handlers carry Nest's path metadata.
      if (Reflect.getMetadata('path', handler) === undefined) continue;
      if (!onClass && !Reflect.getMetadata(PERMISSION_METADATA, handler)) {
        missing.push(`${controller.name}.${name}`);
      }
    }
  }
  return missing;
}
