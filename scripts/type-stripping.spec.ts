import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import path from 'node:path';

/**
 * Node runs scripts/*.ts as they are, by stripping their types: only syntax
 * that can be erased is allowed (no enums, namespaces or parameter properties).
 */
const scripts = path.resolve(import.meta.dirname);
// Node 24's own stripper (newer than the @types/node the project pins).
const { stripTypeScriptTypes } = nodeModule as unknown as {
  stripTypeScriptTypes: (code: string) => string;
};
const tsFiles = readdirSync(scripts, { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.ts') && !file.includes('node_modules'),
);

describe('scripts run under Node type stripping', () => {
  it('finds the entry points and their parts', () => {
    expect(tsFiles).toEqual(
      expect.arrayContaining(['up.ts', 'ensure-infra.ts', path.join('local', 'supervisor.ts')]),
    );
  });

  it.each(tsFiles)('%s uses erasable syntax only', (file) => {
    const source = readFileSync(path.join(scripts, file), 'utf8');
    expect(() => stripTypeScriptTypes(source)).not.toThrow();
  });
});
