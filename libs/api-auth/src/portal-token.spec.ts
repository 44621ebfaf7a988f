import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { looksLikeJwt, PortalTokens } from './portal-token.js';

const KEY = 'a-portal-signing-key-of-32-characters!!';
const TENANT = '0b9f6f53-3c1e-4a57-9d0e-1d2f3a4b5c6d';
const inAnHour = () => new Date(Date.now() + 3_600_000);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('PortalTokens', () => {
  const tokens = new PortalTokens(KEY);

  it('verifies what it signed: tenant, role, session id and expiry', async () => {
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 600_000);
    const token = await tokens.sign(TENANT, 'viewer', expiresAt);
    expect(looksLikeJwt(token)).toBe(true);
    const claims = await tokens.verify(token);
    expect(claims).toEqual({
      tenantId: TENANT,
      role: 'viewer',
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt,
    });
  });

  it('answers portal_session_expired once the expiry has passed', async () => {
    const token = await tokens.sign(TENANT, 'admin', new Date(Date.now() + 60_000));
    expect(await codeOf(tokens.verify(token, new Date(Date.now() + 61_000)))).toBe(
      'portal_session_expired',
    );
  });

  it('refuses a token signed with another key, or tampered with', async () => {
    const other = await new PortalTokens(`${KEY}-other`).sign(TENANT, 'admin', inAnHour());
    expect(await codeOf(tokens.verify(other))).toBe('invalid_portal_token');
    const token = await tokens.sign(TENANT, 'viewer', inAnHour());
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ tenant: TENANT, role: 'admin', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(await codeOf(tokens.verify(`${header}.${payload}.${signature}`))).toBe(
      'invalid_portal_token',
    );
  });

  it('refuses a JWT of the same key without the portal audience, or with an unknown role', async () => {
    const key = new TextEncoder().encode(KEY);
    const foreign = await new SignJWT({ tenant: TENANT, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti('x')
      .setExpirationTime('1h')
      .sign(key);
    expect(await codeOf(tokens.verify(foreign))).toBe('invalid_portal_token');
    const owner = await new SignJWT({ tenant: TENANT, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('herald-registry')
      .setAudience('herald-portal')
      .setJti('x')
      .setExpirationTime('1h')
      .sign(key);
    expect(await codeOf(tokens.verify(owner))).toBe('invalid_portal_token');
  });

  it('refuses an unsigned (alg none) token and everything when no key is configured', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ tenant: TENANT, role: 'admin', exp: 9_999_999_999, jti: 'x' }),
    ).toString('base64url');
    expect(await codeOf(tokens.verify(`${header}.${payload}.`))).toBe('invalid_portal_token');
    const token = await tokens.sign(TENANT, 'admin', inAnHour());
    expect(await codeOf(new PortalTokens(undefined).verify(token))).toBe('invalid_portal_token');
  });

  it('tells JWT-shaped bearers from API keys and admin tokens', () => {
    expect(looksLikeJwt('hrld_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')).toBe(false);
    expect(looksLikeJwt('3f9c2b7a1e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b')).toBe(false);
  });
});
