import { z } from 'zod';
import { apiSchema } from '@herald/http-api';
import { portalRoles } from '@herald/api-auth';
import { contrast, frameAncestorProblem, HEX_COLOUR, MIN_CONTRAST } from './portal-theme.js';

/** Default and longest lifetime of a portal session, in seconds. */
export const DEFAULT_SESSION_SECONDS = 3_600;
export const MAX_SESSION_SECONDS = 12 * 3_600;

export const createPortalSessionSchema = apiSchema(
  z
    .object({
      tenantId: z
        .uuid()
        .optional()
        .meta({ description: 'Required with the admin token; with a tenant key, its own tenant.' }),
      role: z.enum(portalRoles).default('admin').meta({
        description: '`admin` manages endpoints and replays; `viewer` only reads.',
      }),
      expiresIn: z
        .number()
        .int()
        .min(60)
        .max(MAX_SESSION_SECONDS, `must be at most ${MAX_SESSION_SECONDS} seconds (12 h)`)
        .default(DEFAULT_SESSION_SECONDS)
        .meta({
          description: 'Seconds until the link stops working (60 to 43200; 3600 by default).',
        }),
      locale: z
        .enum(['en', 'es', 'pt'])
        .optional()
        .meta({ description: "The portal's language; by default the browser's." }),
    })
    .strict(),
  { id: 'PortalSessionInput', example: { role: 'viewer', expiresIn: 1800 } },
);
export type CreatePortalSession = z.infer<typeof createPortalSessionSchema>;

export const portalSessionSchema = z
  .object({
    url: z
      .string()
      .meta({ description: 'Open this (or put it in an iframe); it carries the token.' }),
    token: z.string().meta({ description: 'The session token (a JWT); the URL already has it.' }),
    tenantId: z.string(),
    role: z.enum(portalRoles),
    expiresAt: z.iso.datetime(),
  })
  .meta({
    id: 'PortalSession',
    example: {
      url: 'https://api.example.com/portal/?token=eyJhbGciOiJIUzI1NiJ9…',
      token: 'eyJhbGciOiJIUzI1NiJ9…',
      tenantId: '0b9f6f53-3c1e-4a57-9d0e-1d2f3a4b5c6d',
      role: 'admin',
      expiresAt: '2026-12-03T08:00:00.000Z',
    },
  });

const frameAncestor = z.string().superRefine((value, ctx) => {
  const problem = frameAncestorProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const portalSettingsInputSchema = apiSchema(
  z
    .object({
      frameAncestors: z.array(frameAncestor).max(10).optional().meta({
        description: 'Origins allowed to embed the portal in an iframe; empty → none.',
      }),
      logoUrl: z
        .url({ protocol: /^https$/, error: 'must be an https:// URL' })
        .max(2048)
        .nullable()
        .optional(),
      primaryColor: z
        .string()
        .regex(HEX_COLOUR, 'must be a colour like #1f5fbf')
        .refine((hex) => contrast(hex, '#ffffff') >= MIN_CONTRAST, {
          message: `white text on it must reach a contrast of ${MIN_CONTRAST}:1`,
        })
        .nullable()
        .optional(),
    })
    .strict(),
  {
    id: 'PortalSettingsInput',
    example: { frameAncestors: ['https://app.example.com'], primaryColor: '#1f5fbf' },
  },
);
export type PortalSettingsInput = z.infer<typeof portalSettingsInputSchema>;

export const portalSettingsSchema = z
  .object({
    frameAncestors: z.array(z.string()),
    logoUrl: z.string().nullable(),
    primaryColor: z.string().nullable(),
  })
  .meta({
    id: 'PortalSettings',
    example: {
      frameAncestors: ['https://app.example.com'],
      logoUrl: 'https://app.example.com/logo.svg',
      primaryColor: '#1f5fbf',
    },
  });
export type PortalSettings = z.infer<typeof portalSettingsSchema>;
