import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsKey } from './secrets-keys.js';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored secret that cannot be decrypted: unknown key id, tampered or truncated. */
export class SecretDecryptError extends Error {
  readonly code = 'SECRET_UNREADABLE';
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/**
 * Encrypts secrets at rest with AES-256-GCM: `enc:v1:<keyId>:<base64 of
 * iv (12 bytes) | tag (16 bytes) | ciphertext>`, a fresh random IV each time.
 * The first key seals; any key opens, by the id in the value. A value
 * without the `enc:` prefix is a secret stored before encryption (or in
 * development without a key) and is returned as it is; the registry and
 * alerting re-encrypt such rows at start. Without keys (development only)
 * `seal` stores in clear.
 */
export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly SecretsKey[]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** True when secrets are encrypted (a key is configured). */
  get encrypting(): boolean {
    return this.keys.length > 0;
  }

  seal(plain: string): string {
    const primary = this.keys[0];
    if (!primary) return plain;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', primary.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const blob = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    return `${PREFIX}${primary.id}:${blob}`;
  }

  open(stored: string): string {
    if (!stored.startsWith('enc:')) return stored;
    if (!stored.startsWith(PREFIX)) throw new SecretDecryptError('unknown secret format');
    const rest = stored.slice(PREFIX.length);
    const colon = rest.indexOf(':');
    const id = rest.slice(0, colon);
    const key = colon > 0 ? this.byId.get(id) : undefined;
    if (!key)
      throw new SecretDecryptError(`secret sealed with key "${id}", which is not configured`);
    const blob = Buffer.from(rest.slice(colon + 1), 'base64');
    if (blob.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError('truncated secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
      decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      throw new SecretDecryptError(`secret sealed with key "${id}" failed authentication`);
    }
  }

  /** True when the value is not sealed with the first key: re-seal it. */
  isStale(stored: string): boolean {
    const primary = this.keys[0];
    if (!primary) return false;
    return !stored.startsWith(`${PREFIX}${primary.id}:`);
  }

  /** Re-seals a stored value with the first key (plaintext or an older key). */
  reseal(stored: string): string {
    return this.seal(this.open(stored));
  }

  sealValues(values: Readonly<Record<string, string>>): Record<string, string> {
    return mapValues(values, (v) => this.seal(v));
  }

  openValues(values: Readonly<Record<string, string>>): Record<string, string> {
    return mapValues(values, (v) => this.open(v));
  }
}

const mapValues = (
  values: Readonly<Record<string, string>>,
  f: (value: string) => string,
): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, f(value)]));
