import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HEAP_SERVICES, heapFlags, heapPlan, isHeapService } from './heap-budget.js';

/**
 * The Node flags one service starts with: those every service shares
 * (`deploy/node-flags`) and its heap limit derived from its budgets under
 * `env`. The one source for `npm start`, the image, `pnpm up`, the tests'
 * platform and the bench (`deploy/node-flags.mjs` prints them for shells).
 */
export function serviceNodeFlags(
  root: string,
  service: string,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const shared = readFileSync(path.join(root, 'deploy', 'node-flags'), 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!isHeapService(service)) throw new Error(`no heap budget for ${service}`);
  return [...shared, ...heapFlags(heapPlan(service, env))];
}

/**
 * What a service process's environment adds to glibc's allocator unless the
 * operator set it (ADR 0095): at most two malloc arenas. glibc gives each
 * thread that allocates (libuv's pool, V8's workers) an arena of its own, up
 * to eight per core, and memory freed in one is not reused by another; with
 * two, each service's peak RSS was 5–10 MB lower at no measured CPU cost.
 * Read by the C library at process start, so it must be in the environment
 * the process is spawned with (the image sets it too).
 */
export const MALLOC_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** The environment one service process is spawned with: `env`, with `MALLOC_ENV` where unset. */
export function serviceProcessEnv<E extends Record<string, string | undefined>>(
  env: E,
): E & Record<keyof typeof MALLOC_ENV, string> {
  return { ...MALLOC_ENV, ...env };
}

/** The services started from a bundle: the five, not the gateway. */
export const BUNDLED_SERVICES: readonly string[] = HEAP_SERVICES.filter(
  (service) => service !== 'gateway',
);

/**
 * The file one app starts from: a service's bundle (`apps/<service>/bundle/main.js`,
 * written by its `pnpm build`, ADR 0093), the compiled `dist/main.js` of any
 * other app (the gateway), or of every app with `HERALD_BUNDLE=off` (to
 * compare, or to debug module by module). The one source for `pnpm up`, the
 * tests' platform and the bench; the image and each app's `start` script
 * name the same file.
 */
export function serviceEntry(
  root: string,
  app: string,
  env: Record<string, string | undefined> = process.env,
): string {
  return BUNDLED_SERVICES.includes(app) && env.HERALD_BUNDLE !== 'off'
    ? path.join(root, 'apps', app, 'bundle', 'main.js')
    : path.join(root, 'apps', app, 'dist', 'main.js');
}
