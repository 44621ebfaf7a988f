import { readFileSync } from 'node:fs';

/**
 * Herald's version as shipped in this app's package.json (one level above both
 * `src/` and `dist/`), for the `user-agent` of outbound requests.
 */
function readVersion(): string {
  try {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const HERALD_VERSION = readVersion();
