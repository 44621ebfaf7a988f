import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { alertingEnvSchema } from '../../apps/alerting/src/config.js';
import { dispatcherEnvSchema } from '../../apps/dispatcher/src/config.js';
import { gatewayEnvSchema } from '../../apps/gateway/src/config.js';
import { healthMonitorEnvSchema } from '../../apps/health-monitor/src/config.js';
import { ingestEnvSchema } from '../../apps/ingest/src/config.js';
import { registryEnvSchema } from '../../apps/registry/src/config.js';

/**
 * The README's configuration table against the services' zod env schemas,
 * both ways: every variable a service validates is documented, on a row that
 * names that service (or "all" / "each service"), and every variable the
 * table documents is read by some service.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SCHEMAS = {
  ingest: ingestEnvSchema,
  registry: registryEnvSchema,
  dispatcher: dispatcherEnvSchema,
  'health-monitor': healthMonitorEnvSchema,
  alerting: alertingEnvSchema,
  gateway: gatewayEnvSchema,
};

interface Row {
  variables: string[];
  usedBy: string;
}

/** Rows of the table under `## Configuration`: its variables (first column) and "used by". */
function configurationTable(): Row[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [variables = '', , usedBy = ''] = line.slice(1).split(' | ');
      return {
        variables: [...variables.matchAll(/`(_?[A-Z][A-Z0-9_]*)`/g)].map(([, v]) => v!),
        usedBy,
      };
    });
}

describe('README configuration table', () => {
  const rows = configurationTable();

  it('is found, and names variables in full (no `_SUFFIX` shorthand)', () => {
    expect(rows.length).toBeGreaterThan(30);
    const shorthand = rows.flatMap((row) => row.variables).filter((v) => v.startsWith('_'));
    expect(shorthand).toEqual([]);
  });

  it('documents every variable each service validates, on a row naming that service', () => {
    const missing: string[] = [];
    for (const [service, schema] of Object.entries(SCHEMAS)) {
      for (const variable of Object.keys(schema.shape)) {
        const documented = rows.some(
          (row) =>
            row.variables.includes(variable) &&
            (/^(all|each service)\b/.test(row.usedBy) || row.usedBy.includes(service)),
        );
        if (!documented) missing.push(`${service}: ${variable}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents only variables some service reads', () => {
    const read = new Set(Object.values(SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));
    const unknown = rows.flatMap((row) => row.variables).filter((v) => !read.has(v));
    expect(unknown).toEqual([]);
  });
});

describe('user-facing docs', () => {
  it('name products and behaviours, never internal references (seed files, issue numbers)', () => {
    const files = [
      'README.md',
      'deploy/README.md',
      ...readdirSync(path.join(root, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => `docs/${name}`),
    ];
    const internal = files.flatMap((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        // A NATS nkey "seed" is the product's own word; a requirement's source is not.
        .filter((line) => /\bseed \d|\bseed files?\b|\bthe seeds\b|\bissue \d/i.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(internal).toEqual([]);
  });
});
