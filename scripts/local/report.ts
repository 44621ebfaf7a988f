import { redact } from './probes.ts';

/** What a run that is up tells the walkthrough and the person who started it. */
export interface RunSummary {
  /** The gateway's address: the one API URL. */
  api: string;
  /** Each service's and the gateway's own address, in start order. */
  apps: { name: string; url: string }[];
  natsUrl: string;
  databaseUrl: string;
  namespace: string;
  portal: boolean;
  logDir: string;
  adminToken: string;
  adminTokenFrom: string;
  /** Whether the registry issues producers' NATS credentials (with the NATS this run started). */
  producerCredentials: boolean;
  pid: number;
}

const urlOf = (summary: RunSummary, name: string) =>
  summary.apps.find((app) => app.name === name)?.url ?? '';

/** `.herald/env`: the addresses of this run, for `. .herald/env` and the README walkthrough. */
export function envFileText(summary: RunSummary): string {
  const url = (name: string) => urlOf(summary, name);
  return [
    '# Written by `npm start` (scripts/up.ts) for the run that is up now.',
    '# Load it into your shell with: . .herald/env',
    `API=${summary.api}`,
    `INGEST=${url('ingest')}`,
    `REGISTRY=${url('registry')}`,
    `DISPATCHER=${url('dispatcher')}`,
    `HEALTH_MONITOR=${url('health-monitor')}`,
    `ALERTING=${url('alerting')}`,
    `NATS=${summary.natsUrl}`,
    `NAMESPACE=${summary.namespace}`,
    '',
  ].join('\n');
}

/** The lines printed once everything is ready. */
export function readyLines(summary: RunSummary): string[] {
  const { namespace } = summary;
  return [
    `API       ${summary.api}   (every route of docs/api/herald.openapi.json)`,
    ...(summary.portal ? [`portal    ${summary.api}/portal/`] : []),
    'all five services are ready behind it (each also on its own port):',
    ...summary.apps.map(
      (app) => `  ${app.name.padEnd(15)} ${app.url}   (/healthz /readyz /metrics)`,
    ),
    `NATS      ${summary.natsUrl}   (events: ${namespace}.ingest.<tenantId>.<eventType>)`,
    `Postgres  ${redact(summary.databaseUrl)}`,
    `logs      ${summary.logDir}/<service>.log; addresses for the walkthrough in .herald/env`,
    `admin     token ${summary.adminToken}   (from ${summary.adminTokenFrom}; the walkthrough reads it)`,
    ...(summary.producerCredentials
      ? [
          `producers NATS credentials: POST ${urlOf(summary, 'registry')}/v1/nats-credentials (tenant admin key)`,
        ]
      : []),
    `stop with Ctrl-C here, or from another shell: kill ${summary.pid}  (pid in .herald/up.pid)`,
  ];
}
