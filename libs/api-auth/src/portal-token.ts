import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '@herald/http-api';

/**
 * Portal session tokens: HS256 JWTs signed with `HERALD_PORTAL_SIGNING_KEY`,
 * minted by the registry (`POST /v1/portal-sessions`) and accepted by every
 * service's guard as a tenant principal of the token's role. Invariants: a
 * token names exactly one tenant and one role (`admin` or `viewer`), always
 * expires, and is only accepted with the audience and issuer below, so no
 * other JWT signed with the same key passes. The portal holds this token,
 * never an API key.
 */
export const portalRoles = ['admin', 'viewer'] as const;
export type PortalRole = (typeof portalRoles)[number];

export interface PortalClaims {
  tenantId: string;
  role: PortalRole;
  sessionId: string;
  expiresAt: Date;
}

const ISSUER = 'herald-registry';
const AUDIENCE = 'herald-portal';
/** Shortest signing key accepted: 32 bytes of text (HS256 wants at least 256 bits). */
export const MIN_PORTAL_KEY_LENGTH = 32;

export const portalSessionExpired = () =>
  new ApiError(401, 'portal_session_expired', 'the portal session has expired; open a new link');
export const invalidPortalToken = () =>
  new ApiError(401, 'invalid_portal_token', 'the portal token is not valid');

/** A bearer that has a JWT's shape (API keys are `hrld_…`, admin tokens have no dots). */
export const looksLikeJwt = (token: string) =>
  /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

export class PortalTokens {
  private readonly key: Uint8Array | null;

  constructor(signingKey: string | undefined) {
    this.key = signingKey ? new TextEncoder().encode(signingKey) : null;
  }

  get configured(): boolean {
    return this.key !== null;
  }

  async sign(tenantId: string, role: PortalRole, expiresAt: Date): Promise<string> {
    if (!this.key) throw new Error('HERALD_PORTAL_SIGNING_KEY is not set');
    return new SignJWT({ tenant: tenantId, role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
  }

  /** The token's claims; 401 `portal_session_expired` or `invalid_portal_token` otherwise. */
  async verify(token: string, now: Date = new Date()): Promise<PortalClaims> {
    if (!this.key) throw invalidPortalToken();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['exp', 'jti'],
        currentDate: now,
        clockTolerance: 0,
      });
      const { tenant, role, jti, exp } = payload;
      if (typeof tenant !== 'string' || tenant.length === 0) throw invalidPortalToken();
      if (!portalRoles.includes(role as PortalRole)) throw invalidPortalToken();
      return {
        tenantId: tenant,
        role: role as PortalRole,
        sessionId: jti!,
        expiresAt: new Date(exp! * 1000),
      };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof errors.JWTExpired) throw portalSessionExpired();
      throw invalidPortalToken();
    }
  }
}
