import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@herald/contracts';

/**
 * What an API key may do, by role — the one authorization table of every
 * service. Each tenant route declares the permission it needs with
 * `@RequirePermission(...)`; the API-key guards refuse a route that declares
 * none (fail closed), so a new route cannot ship unprotected.
 *
 * - `admin`: everything in its tenant.
 * - `configurator`: manage endpoints (and their secrets), send tests, replay.
 * - `viewer`: read only (never secrets).
 * - `publisher`: publish events, nothing else — the key a product service holds.
 */
export const ROLE_PERMISSIONS = {
  /** Read endpoints, event types, settings, messages, attempts, dead letters. */
  read: ['admin', 'configurator', 'viewer'],
  /** Who the key is (`GET /v1/me`). */
  identity: ['admin', 'configurator', 'viewer', 'publisher'],
  'endpoints:write': ['admin', 'configurator'],
  /** Reveal or rotate an endpoint's signing secret. */
  'secrets:manage': ['admin', 'configurator'],
  'endpoints:test': ['admin', 'configurator'],
  /** Resend, replay, recover. */
  'deliveries:replay': ['admin', 'configurator'],
  'events:publish': ['admin', 'publisher'],
  'event-types:write': ['admin'],
  'settings:write': ['admin'],
  'api-keys:manage': ['admin'],
} as const satisfies Record<string, readonly ApiKeyRole[]>;

export type Permission = keyof typeof ROLE_PERMISSIONS;

export function roleAllows(role: ApiKeyRole, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}

export const PERMISSION_METADATA = 'herald:permission';

/** Declares the permission a tenant route needs (on the handler, or on the controller for all). */
export const RequirePermission = (permission: Permission) =>
  SetMetadata(PERMISSION_METADATA, permission);
