/**
 * `HERALD_SECRETS_KEY`: one or more keys, `<keyId>:<base64 of 32 bytes>`,
 * comma-separated. The first key encrypts; every listed key decrypts, so a
 * rotation is: put the new key first, keep the old one after it, restart
 * (the registry and alerting re-encrypt their rows with the first key at
 * start), then drop the old key.
 */
export interface SecretsKey {
  readonly id: string;
  readonly key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses the variable's value; errors say what is wrong, never the key. */
export function parseSecretsKeys(value: string): SecretsKey[] {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (entries.length === 0) throw new Error('expected <keyId>:<base64 of 32 bytes>');
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon === -1 ? '' : entry.slice(0, colon);
    const material = colon === -1 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      throw new Error(
        `key ${index + 1}: expected <keyId>:<base64 of 32 bytes>, keyId of 1–32 letters, digits, "_" or "-"`,
      );
    }
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      throw new Error(`key "${id}": expected 32 bytes in base64 (openssl rand -base64 32)`);
    }
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}
