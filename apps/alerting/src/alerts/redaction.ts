/** Values shorter than this are not scrubbed: they would match ordinary words. */
export const MIN_SECRET_LENGTH = 4;

const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of any of `secrets` in every string of `value`
 * (deeply) by `[redacted]`. Pure. The last line of defence: alerts are built
 * from fields that carry no secrets, and this makes sure that stays true
 * even if an error text or a URL ever echoed one. Longest secrets first, so
 * a secret that contains another is replaced whole.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const list = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  if (list.length === 0) return value;
  return walk(value, list) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets)
      if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, secrets)]));
  }
  return value;
}

/** A Standard Webhooks secret and its base64 part: either alone would leak the key. */
export function secretForms(secret: string): string[] {
  return secret.startsWith('whsec_') ? [secret, secret.slice('whsec_'.length)] : [secret];
}
