import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A run killed without a chance to clean up (SIGKILL, a power cut) leaves its
 * database and namespace behind; its processes end by themselves (see
 * child-guard). Each run records what it owns in `owner.json` under its log
 * directory and removes the file once cleaned up; the next run removes
 * whatever a dead owner left.
 */
export interface Owner {
  pid: number;
  database: string;
  namespace: string;
}

const OWNER_FILE = 'owner.json';

export function claim(runDir: string, owner: Owner): () => void {
  const file = path.join(runDir, OWNER_FILE);
  writeFileSync(file, JSON.stringify(owner));
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Owners of earlier runs whose process is gone; `release` forgets one once cleaned. */
export function abandoned(benchLogRoot: string): { owner: Owner; release: () => void }[] {
  if (!existsSync(benchLogRoot)) return [];
  const found: { owner: Owner; release: () => void }[] = [];
  for (const run of readdirSync(benchLogRoot)) {
    const file = path.join(benchLogRoot, run, OWNER_FILE);
    if (!existsSync(file)) continue;
    try {
      const owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
      if (!alive(owner.pid)) found.push({ owner, release: () => rmSync(file, { force: true }) });
    } catch {
      rmSync(file, { force: true });
    }
  }
  return found;
}
