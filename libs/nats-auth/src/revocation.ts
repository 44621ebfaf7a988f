import { decode, encodeAccount, type Account, type KeyPair } from '@nats-io/jwt';

/** The part of a NATS connection (as a system-account user) that revocation needs. */
export interface SystemRequester {
  request(
    subject: string,
    payload: string,
    options: { timeout: number },
  ): Promise<{ string(): string }>;
}

export class RevocationPushError extends Error {
  readonly code = 'NATS_REVOCATION_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RevocationPushError';
  }
}

/** Revocations missing from an account's current list (user key → unix seconds). */
export function missingRevocations(
  current: Record<string, number>,
  wanted: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, at]) => (current[key] ?? -1) < at),
  );
}

/**
 * Makes the NATS servers refuse the given users: looks up the account's
 * current JWT (full resolver), adds the missing revocations, re-signs it
 * with the operator's signing key and pushes it through the system account.
 * The server closes the revoked users' connections at once and refuses
 * their credentials from then on. Returns how many revocations were added
 * (0: the account already had them all, nothing was pushed).
 */
export async function pushRevocations(options: {
  system: SystemRequester;
  accountPublicKey: string;
  operatorSigningKey: KeyPair;
  revoked: Record<string, number>;
  timeoutMs?: number;
}): Promise<number> {
  const timeout = options.timeoutMs ?? 5_000;
  const lookup = await options.system
    .request(`$SYS.REQ.ACCOUNT.${options.accountPublicKey}.CLAIMS.LOOKUP`, '', { timeout })
    .catch((error: unknown) => {
      throw new RevocationPushError('the account JWT could not be looked up', { cause: error });
    });
  const claims = decode<Account>(lookup.string().trim());
  if (claims.sub !== options.accountPublicKey) {
    throw new RevocationPushError('the looked-up JWT is not the account’s');
  }
  const current = claims.nats.revocations ?? {};
  const missing = missingRevocations(current, options.revoked);
  if (Object.keys(missing).length === 0) return 0;
  // Type and version are set again by the encoder.
  const account: Partial<Account> = { ...claims.nats };
  delete account.type;
  delete account.version;
  const jwt = await encodeAccount(
    claims.name,
    options.accountPublicKey,
    { ...account, revocations: { ...current, ...missing } },
    { signer: options.operatorSigningKey, ...(claims.exp ? { exp: claims.exp } : {}) },
  );
  const reply = await options.system
    .request('$SYS.REQ.CLAIMS.UPDATE', jwt, { timeout })
    .catch((error: unknown) => {
      throw new RevocationPushError('the account update was not answered', { cause: error });
    });
  const answer = JSON.parse(reply.string()) as {
    data?: { code?: number; message?: string };
    error?: { code?: number; description?: string };
  };
  if (answer.data?.code !== 200) {
    throw new RevocationPushError(
      `the server refused the account update: ${answer.error?.description ?? answer.data?.message ?? 'no reason given'}`,
    );
  }
  return Object.keys(missing).length;
}
