import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where and with what a run happened, so a result can be read in context. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryMb: number;
  os: string;
  loadAverage: { atStart: number[]; atEnd?: number[] };
}

export interface Versions {
  node: string;
  natsServer: string;
  postgres: string;
  herald: string;
  /** Pinned versions from the pnpm catalog of the packages on the measured path. */
  packages: Record<string, string>;
}

export interface GitInfo {
  commit: string;
  branch: string;
  dirty: boolean;
}

const PACKAGES_OF_INTEREST = [
  '@nestjs/core',
  '@nats-io/jetstream',
  '@nats-io/transport-node',
  'typeorm',
  'pg',
  'undici',
  'opossum',
  'prom-client',
  'pino',
  'zod',
  'standardwebhooks',
];

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: { atStart: os.loadavg().map(round2) },
  };
}

export function catalogVersions(root: string): Record<string, string> {
  const text = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const catalog = text.split(/^catalog:\s*$/m)[1] ?? '';
  const versions: Record<string, string> = {};
  for (const line of catalog.split('\n')) {
    const match = /^\s+'?([^':\s]+)'?:\s*(\S+)\s*$/.exec(line);
    if (match && PACKAGES_OF_INTEREST.includes(match[1]!)) versions[match[1]!] = match[2]!;
  }
  return versions;
}

export function heraldVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function gitInfo(root: string): GitInfo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', 'HEAD'),
      branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
      dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return { commit: 'unknown', branch: 'unknown', dirty: false };
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;
export const loadAverageNow = () => os.loadavg().map(round2);
