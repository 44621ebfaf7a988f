import { readFileSync } from 'node:fs';

/**
 * The dispatcher's version, read once from its package.json (the same
 * relative path from `src/` and from the compiled `dist/`), for `user-agent`.
 */
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const HERALD_VERSION: string = manifest.version;
export const USER_AGENT = `Herald/${HERALD_VERSION}`;
