import { describe, expect, it } from '@jest/globals';
import { envFileText, readyLines, type RunSummary } from './report.ts';

const summary: RunSummary = {
  api: 'http://127.0.0.1:8000',
  apps: [
    ['registry', 8081],
    ['ingest', 8080],
    ['dispatcher', 8082],
    ['health-monitor', 8083],
    ['alerting', 8084],
    ['gateway', 8000],
  ].map(([name, port]) => ({ name: String(name), url: `http://127.0.0.1:${port}` })),
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'postgres://herald:hunter2@127.0.0.1:5432/herald',
  namespace: 'herald',
  portal: false,
  logDir: '.herald/logs/herald',
  adminToken: 'a'.repeat(48),
  adminTokenFrom: '.herald/admin-token',
  producerCredentials: false,
  pid: 4242,
};

describe('envFileText', () => {
  it('lists the API, each service and NATS for the walkthrough', () => {
    expect(envFileText(summary).split('\n')).toEqual([
      '# Written by `npm start` (scripts/up.ts) for the run that is up now.',
      '# Load it into your shell with: . .herald/env',
      'API=http://127.0.0.1:8000',
      'INGEST=http://127.0.0.1:8080',
      'REGISTRY=http://127.0.0.1:8081',
      'DISPATCHER=http://127.0.0.1:8082',
      'HEALTH_MONITOR=http://127.0.0.1:8083',
      'ALERTING=http://127.0.0.1:8084',
      'NATS=nats://127.0.0.1:4222',
      'NAMESPACE=herald',
      '',
    ]);
  });
});

describe('readyLines', () => {
  it('prints every address, the admin token and how to stop, never the database password', () => {
    const lines = readyLines(summary);
    expect(lines[0]).toBe(
      'API       http://127.0.0.1:8000   (every route of docs/api/herald.openapi.json)',
    );
    expect(lines).toContain(
      '  health-monitor  http://127.0.0.1:8083   (/healthz /readyz /metrics)',
    );
    expect(lines).toContain(
      '  gateway         http://127.0.0.1:8000   (/healthz /readyz /metrics)',
    );
    expect(lines).toContain(
      `admin     token ${'a'.repeat(48)}   (from .herald/admin-token; the walkthrough reads it)`,
    );
    expect(lines.at(-1)).toBe(
      'stop with Ctrl-C here, or from another shell: kill 4242  (pid in .herald/up.pid)',
    );
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines).toContain('Postgres  postgres://herald:***@127.0.0.1:5432/herald');
  });

  it('names the portal and producer credentials only when this run has them', () => {
    expect(readyLines(summary).join('\n')).not.toMatch(/portal {4}|producers/);
    const lines = readyLines({ ...summary, portal: true, producerCredentials: true });
    expect(lines).toContain('portal    http://127.0.0.1:8000/portal/');
    expect(lines).toContain(
      'producers NATS credentials: POST http://127.0.0.1:8081/v1/nats-credentials (tenant admin key)',
    );
  });
});
