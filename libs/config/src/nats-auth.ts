import { accessSync, constants, readFileSync } from 'node:fs';
import { z } from 'zod';
import { natsServers } from './nats-servers.js';

/**
 * How a service authenticates to NATS. At most one method: a creds file
 * (decentralized JWT auth), user and password, a token, or an nkey seed;
 * none means an open server. TLS (a CA to trust, a client certificate and
 * its key) combines with any of them. Validation names the variable, never
 * its value, and no value is ever logged.
 */
export const natsAuthEnv = {
  /** Path of a `.creds` file (user JWT and seed): decentralized JWT auth. */
  NATS_CREDS: z.string().optional(),
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** A user nkey seed (`SU…`), or the path of a file that holds one. */
  NATS_NKEY: z.string().optional(),
  /** PEM file of the CA that signed the server's certificate. */
  NATS_TLS_CA: z.string().optional(),
  /** PEM files of the client certificate and its key (mutual TLS); both or neither. */
  NATS_TLS_CERT: z.string().optional(),
  NATS_TLS_KEY: z.string().optional(),
};

type NatsAuthVars = { NATS_URL: string } & {
  [K in keyof typeof natsAuthEnv]?: string | undefined;
};

/** What `libs/messaging` needs to connect; file contents are read at start. */
export interface NatsAuth {
  creds?: string;
  user?: string;
  pass?: string;
  token?: string;
  nkeySeed?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

const USER_SEED = /^SU[A-Z2-7]{56}$/;
const set = (value: string | undefined): value is string => value !== undefined && value !== '';

function unreadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return false;
  } catch {
    return true;
  }
}

/** Problems with the NATS authentication variables, as `[variable, message]` pairs. */
export function natsAuthProblems(env: NatsAuthVars): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const methods: string[] = [];
  const withUserInfo = natsServers(env.NATS_URL).some((server) => {
    try {
      const url = new URL(server);
      return url.username !== '' || url.password !== '';
    } catch {
      return false; // NATS_URL's own check reports it
    }
  });
  if (withUserInfo) methods.push('user info in NATS_URL');
  if (set(env.NATS_CREDS)) {
    methods.push('NATS_CREDS');
    if (unreadable(env.NATS_CREDS)) problems.push(['NATS_CREDS', 'the file cannot be read']);
  }
  if (set(env.NATS_USER) || set(env.NATS_PASSWORD)) {
    methods.push('NATS_USER/NATS_PASSWORD');
    if (!set(env.NATS_USER)) problems.push(['NATS_USER', 'required when NATS_PASSWORD is set']);
    if (!set(env.NATS_PASSWORD)) problems.push(['NATS_PASSWORD', 'required when NATS_USER is set']);
  }
  if (set(env.NATS_TOKEN)) methods.push('NATS_TOKEN');
  if (set(env.NATS_NKEY)) {
    methods.push('NATS_NKEY');
    if (!USER_SEED.test(env.NATS_NKEY.trim())) {
      if (unreadable(env.NATS_NKEY)) {
        problems.push(['NATS_NKEY', 'neither a user seed (SU…) nor a readable file']);
      } else if (!readSeed(env.NATS_NKEY)) {
        problems.push(['NATS_NKEY', 'the file holds no user seed (SU…)']);
      }
    }
  }
  if (methods.length > 1) {
    problems.push([
      'NATS_CREDS',
      `choose one NATS authentication method, not ${methods.join(' and ')}`,
    ]);
  }
  if (set(env.NATS_TLS_CERT) !== set(env.NATS_TLS_KEY)) {
    const missing = set(env.NATS_TLS_CERT) ? 'NATS_TLS_KEY' : 'NATS_TLS_CERT';
    problems.push([missing, 'NATS_TLS_CERT and NATS_TLS_KEY go together']);
  }
  for (const name of ['NATS_TLS_CA', 'NATS_TLS_CERT', 'NATS_TLS_KEY'] as const) {
    const file = env[name];
    if (set(file) && unreadable(file)) problems.push([name, 'the file cannot be read']);
  }
  return problems;
}

function readSeed(file: string): string | undefined {
  return readFileSync(file, 'utf8')
    .split(/\s+/)
    .find((word) => USER_SEED.test(word));
}

/**
 * Adds the NATS authentication checks to a service's schema:
 * `z.object({...commonEnv, ...}).superRefine(checkNatsAuth)`.
 */
export function checkNatsAuth(env: NatsAuthVars, ctx: z.RefinementCtx): void {
  for (const [variable, message] of natsAuthProblems(env)) {
    ctx.addIssue({ code: 'custom', path: [variable], message });
  }
}

/** The connection's credentials from validated variables (reads the files). */
export function natsAuth(env: NatsAuthVars): NatsAuth {
  const auth: NatsAuth = {};
  if (set(env.NATS_CREDS)) auth.creds = readFileSync(env.NATS_CREDS, 'utf8');
  if (set(env.NATS_USER)) auth.user = env.NATS_USER;
  if (set(env.NATS_PASSWORD)) auth.pass = env.NATS_PASSWORD;
  if (set(env.NATS_TOKEN)) auth.token = env.NATS_TOKEN;
  if (set(env.NATS_NKEY)) {
    const value = env.NATS_NKEY.trim();
    auth.nkeySeed = USER_SEED.test(value) ? value : readSeed(env.NATS_NKEY);
  }
  const tls = {
    ...(set(env.NATS_TLS_CA) ? { caFile: env.NATS_TLS_CA } : {}),
    ...(set(env.NATS_TLS_CERT) ? { certFile: env.NATS_TLS_CERT } : {}),
    ...(set(env.NATS_TLS_KEY) ? { keyFile: env.NATS_TLS_KEY } : {}),
  };
  if (Object.keys(tls).length > 0) auth.tls = tls;
  return auth;
}
