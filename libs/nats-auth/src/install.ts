import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { issueSystemUser, issueUser, keyFromSeed, type NatsTrust } from './issue.js';
import { HERALD_SERVICES, servicePermissions, type HeraldService } from './permissions.js';

/**
 * A new install's NATS trust written to a directory:
 *
 *     server.conf              nats-server in operator mode, full resolver
 *     operator.jwt
 *     creds/<service>.creds    one user per Herald service, least privilege
 *     creds/system.creds       system-account user (the registry pushes revocations)
 *     registry.env             the registry's keys for producer credentials
 *     keys/*.nk                identity seeds: keep offline, needed only to re-sign
 *
 * Secret files are mode 0600.
 */
export interface WrittenInstall {
  dir: string;
  serverConfig: string;
  serviceCreds: Record<HeraldService, string>;
  systemCreds: string;
  /** The registry's variables for producer credentials and revocation. */
  registryEnv: Record<string, string>;
}

export interface ServerConfigOptions {
  host: string;
  port: number;
  /** JetStream store directory (absolute, or relative to the config). */
  storeDir: string;
  /** Resolver (account JWT) directory. */
  resolverDir: string;
  /** Extra top-level lines, e.g. a monitoring port or TLS block. */
  extra?: string[];
}

/** The nats-server configuration for operator mode with a full (writable) account resolver. */
export function serverConfig(trust: NatsTrust, options: ServerConfigOptions): string {
  return [
    '# Herald: NATS in operator mode (decentralized JWT auth).',
    `host: ${JSON.stringify(options.host)}`,
    `port: ${options.port}`,
    '# A service user’s JWT lists its allowed subjects and is sent on CONNECT: room for it.',
    'max_control_line: 16384',
    `jetstream { store_dir: ${JSON.stringify(options.storeDir)} }`,
    `operator: ${JSON.stringify(trust.operator.jwt)}`,
    `system_account: ${trust.systemAccount.publicKey}`,
    '# full: account JWTs (and their revocations) pushed through the system account are',
    '# stored here and survive restarts; preloaded JWTs never replace newer ones.',
    `resolver: { type: full, dir: ${JSON.stringify(options.resolverDir)}, allow_delete: false, interval: "2m" }`,
    'resolver_preload: {',
    `  ${trust.systemAccount.publicKey}: ${JSON.stringify(trust.systemAccount.jwt)}`,
    `  ${trust.account.publicKey}: ${JSON.stringify(trust.account.jwt)}`,
    '}',
    ...(options.extra ?? []),
    '',
  ].join('\n');
}

function secret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Writes a new install's files (see above) for one Herald namespace. */
export async function writeInstall(options: {
  dir: string;
  trust: NatsTrust;
  namespace: string;
  server: ServerConfigOptions;
}): Promise<WrittenInstall> {
  const { dir, trust } = options;
  mkdirSync(path.join(dir, 'creds'), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(dir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'operator.jwt'), `${trust.operator.jwt}\n`);
  const config = serverConfig(trust, options.server);
  writeFileSync(path.join(dir, 'server.conf'), config);
  secret(path.join(dir, 'keys', 'operator.nk'), `${trust.operator.seed}\n`);
  secret(path.join(dir, 'keys', 'system-account.nk'), `${trust.systemAccount.seed}\n`);
  secret(path.join(dir, 'keys', 'account.nk'), `${trust.account.seed}\n`);

  const signer = keyFromSeed(trust.account.signingSeed);
  const serviceCreds = {} as Record<HeraldService, string>;
  for (const service of HERALD_SERVICES) {
    const user = await issueUser({
      name: `herald-${service}`,
      accountPublicKey: trust.account.publicKey,
      accountSigningKey: signer,
      permissions: servicePermissions(options.namespace, service),
    });
    const file = path.join(dir, 'creds', `${service}.creds`);
    secret(file, user.creds);
    serviceCreds[service] = file;
  }
  const system = await issueSystemUser(keyFromSeed(trust.systemAccount.seed));
  const systemCreds = path.join(dir, 'creds', 'system.creds');
  secret(systemCreds, system.creds);

  const registryEnv = {
    HERALD_NATS_ACCOUNT: trust.account.publicKey,
    HERALD_NATS_ACCOUNT_SIGNING_KEY: trust.account.signingSeed,
    HERALD_NATS_OPERATOR_SIGNING_KEY: trust.operator.signingSeed,
    HERALD_NATS_SYSTEM_CREDS: systemCreds,
  };
  secret(
    path.join(dir, 'registry.env'),
    Object.entries(registryEnv)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n') + '\n',
  );
  return {
    dir,
    serverConfig: path.join(dir, 'server.conf'),
    serviceCreds,
    systemCreds,
    registryEnv,
  };
}

/**
 * An install for this machine (`npm start`, tests): the server listens on
 * 127.0.0.1:`port` and keeps its JetStream store (`jetstream/`) and account
 * JWTs (`accounts/`) in the install's directory.
 */
export function writeLocalInstall(options: {
  dir: string;
  trust: NatsTrust;
  namespace: string;
  port: number;
}): Promise<WrittenInstall> {
  const { dir, port } = options;
  return writeInstall({
    ...options,
    server: {
      host: '127.0.0.1',
      port,
      storeDir: path.join(dir, 'jetstream'),
      resolverDir: path.join(dir, 'accounts'),
    },
  });
}
