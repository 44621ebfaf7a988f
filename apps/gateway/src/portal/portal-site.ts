import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PORTAL_HEADERS, portalCsp, type PortalFraming } from './portal-csp.js';

export const PORTAL_PREFIX = '/portal/';

/**
 * Serves the built portal at `/portal/`. Hashed assets are immutable and
 * cached for a year; the page itself is never cached, because its CSP
 * depends on whose link opened it: with `?token=` the gateway asks the
 * registry for that tenant's portal settings (with the token, so the
 * registry verifies it) and frames the page accordingly; without a valid
 * token the page may be framed by this origin only.
 */
export async function registerPortal(
  app: FastifyInstance,
  options: { dir: string; registryUrl: string; timeoutMs: number },
): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> {
  const page = await readFile(path.join(options.dir, 'index.html'), 'utf8');

  async function framingOf(token: string | undefined): Promise<PortalFraming | null> {
    if (!token || token.length > 4096) return null;
    try {
      const response = await fetch(`${options.registryUrl}/v1/portal/settings`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        return null;
      }
      return (await response.json()) as PortalFraming;
    } catch {
      return null;
    }
  }

  async function servePage(request: FastifyRequest, reply: FastifyReply) {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    const framing = await framingOf(typeof token === 'string' ? token : undefined);
    return reply
      .headers({
        ...PORTAL_HEADERS,
        'content-security-policy': portalCsp(framing),
        'cache-control': 'no-store',
        'content-type': 'text/html; charset=utf-8',
      })
      .send(page);
  }

  await app.register(fastifyStatic, {
    root: options.dir,
    prefix: PORTAL_PREFIX,
    index: false,
    redirect: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      void reply.headers({ ...PORTAL_HEADERS, 'content-security-policy': portalCsp(null) });
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      void reply.header(
        'cache-control',
        hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/portal/', servePage);
  app.get('/portal/index.html', servePage);
  return servePage;
}
