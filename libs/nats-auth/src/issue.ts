import {
  createAccount,
  createOperator,
  createUser,
  encodeAccount,
  encodeOperator,
  encodeUser,
  fmtCreds,
  fromSeed,
  type KeyPair,
} from '@nats-io/jwt';
import { producerPermissions, type SubjectPermissions } from './permissions.js';

/**
 * Issuing NATS decentralized-auth identities: the operator, Herald's account,
 * the system account, and users (services, tenants' producers) as `.creds`
 * files. Seeds are secrets: they are returned to be written to files with
 * mode 0600 or handed out once, never logged.
 */

/** No limit on connections, subscriptions, payloads, JetStream storage. */
export const UNLIMITED_ACCOUNT = {
  subs: -1,
  data: -1,
  payload: -1,
  imports: -1,
  exports: -1,
  wildcards: true,
  conn: -1,
  leaf: -1,
} as const;
export const UNLIMITED_JETSTREAM = {
  mem_storage: -1,
  disk_storage: -1,
  streams: -1,
  consumer: -1,
} as const;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const seedOf = (key: KeyPair) => text(key.getSeed());

export interface IssuedUser {
  /** The user's public nkey (`U…`): its identity, and the key a revocation names. */
  publicKey: string;
  jwt: string;
  /** The `.creds` file: the JWT and the seed. */
  creds: string;
}

/** A user of `account`, signed by one of its signing keys. */
export async function issueUser(options: {
  name: string;
  accountPublicKey: string;
  accountSigningKey: KeyPair;
  permissions: SubjectPermissions;
  /** Unix seconds; unset → never expires. */
  expiresAt?: number;
}): Promise<IssuedUser> {
  const user = createUser();
  const jwt = await encodeUser(
    options.name,
    user,
    options.accountPublicKey,
    { ...options.permissions, subs: -1, data: -1, payload: -1 },
    {
      signer: options.accountSigningKey,
      ...(options.expiresAt === undefined ? {} : { exp: options.expiresAt }),
    },
  );
  return { publicKey: user.getPublicKey(), jwt, creds: text(fmtCreds(jwt, user)) };
}

/** A user of the system account (its own issuer): pushes account updates. */
export async function issueSystemUser(systemAccount: KeyPair): Promise<IssuedUser> {
  const user = createUser();
  const jwt = await encodeUser('herald-system', user, systemAccount, {});
  return { publicKey: user.getPublicKey(), jwt, creds: text(fmtCreds(jwt, user)) };
}

/** A tenant's producer credentials: `<ns>.ingest.<tenantId>.>` and its own inbox only. */
export async function issueProducer(options: {
  namespace: string;
  tenantId: string;
  name: string;
  accountPublicKey: string;
  accountSigningKey: KeyPair;
  expiresAt?: number;
}): Promise<IssuedUser> {
  const user = createUser();
  const jwt = await encodeUser(
    `${options.tenantId}/${options.name}`,
    user,
    options.accountPublicKey,
    {
      ...producerPermissions(options.namespace, options.tenantId, user.getPublicKey()),
      subs: -1,
      data: -1,
      payload: -1,
    },
    {
      signer: options.accountSigningKey,
      ...(options.expiresAt === undefined ? {} : { exp: options.expiresAt }),
    },
  );
  return { publicKey: user.getPublicKey(), jwt, creds: text(fmtCreds(jwt, user)) };
}

/** Every key and JWT of a new install. */
export interface NatsTrust {
  operator: { name: string; seed: string; signingSeed: string; jwt: string };
  systemAccount: { publicKey: string; seed: string; jwt: string };
  account: { publicKey: string; seed: string; signingSeed: string; jwt: string };
}

/**
 * A fresh operator (with a signing key), the system account, and Herald's
 * account (with a signing key, JetStream enabled). Accounts are signed by
 * the operator's signing key, users by the account's signing key, so the
 * identity keys can be kept offline.
 */
export async function createTrust(accountName = 'HERALD'): Promise<NatsTrust> {
  const operator = createOperator();
  const operatorSigning = createOperator();
  const system = createAccount();
  const account = createAccount();
  const accountSigning = createAccount();
  const operatorJwt = await encodeOperator('herald', operator, {
    system_account: system.getPublicKey(),
    signing_keys: [operatorSigning.getPublicKey()],
  });
  const systemJwt = await encodeAccount(
    'SYS',
    system,
    { limits: { ...UNLIMITED_ACCOUNT } },
    { signer: operatorSigning },
  );
  const accountJwt = await encodeAccount(
    accountName,
    account,
    {
      signing_keys: [accountSigning.getPublicKey()],
      limits: { ...UNLIMITED_ACCOUNT, ...UNLIMITED_JETSTREAM },
    },
    { signer: operatorSigning },
  );
  return {
    operator: {
      name: 'herald',
      seed: seedOf(operator),
      signingSeed: seedOf(operatorSigning),
      jwt: operatorJwt,
    },
    systemAccount: { publicKey: system.getPublicKey(), seed: seedOf(system), jwt: systemJwt },
    account: {
      publicKey: account.getPublicKey(),
      seed: seedOf(account),
      signingSeed: seedOf(accountSigning),
      jwt: accountJwt,
    },
  };
}

export const keyFromSeed = (seed: string): KeyPair => fromSeed(new TextEncoder().encode(seed));
