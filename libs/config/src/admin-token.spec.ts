import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  adminTokenEnv,
  adminTokenProblem,
  checkAdminToken,
  KNOWN_ADMIN_TOKENS,
} from './admin-token.js';
import { loadConfig } from './env.js';

const schema = z
  .object({ HERALD_ADMIN_TOKEN: z.string().optional(), ...adminTokenEnv })
  .superRefine(checkAdminToken);

describe('admin token rules', () => {
  it('accepts a long random token', () => {
    const token = randomBytes(24).toString('hex');
    expect(adminTokenProblem(token, false)).toBeNull();
    expect(loadConfig(schema, { HERALD_ADMIN_TOKEN: token }).HERALD_ADMIN_TOKEN).toBe(token);
  });

  it('refuses a short token, even on a development machine', () => {
    expect(() =>
      loadConfig(schema, { HERALD_ADMIN_TOKEN: 'short', HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true' }),
    ).toThrow(/HERALD_ADMIN_TOKEN: must be at least 16 characters/);
  });

  it.each(KNOWN_ADMIN_TOKENS.filter((token) => token.length >= 16))(
    'refuses the published token %s unless HERALD_ALLOW_INSECURE_DEV_TOKEN=true',
    (token) => {
      expect(() => loadConfig(schema, { HERALD_ADMIN_TOKEN: token })).toThrow(
        /HERALD_ADMIN_TOKEN: is a published example token/,
      );
      const dev = loadConfig(schema, {
        HERALD_ADMIN_TOKEN: token,
        HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true',
      });
      expect(dev.HERALD_ADMIN_TOKEN).toBe(token);
    },
  );

  it('knows the tokens of the compose file and of npm start', () => {
    expect(KNOWN_ADMIN_TOKENS).toEqual(
      expect.arrayContaining(['change-me-admin-token', 'herald-dev-admin-token']),
    );
  });
});
