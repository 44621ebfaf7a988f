/**
 * The endpoint URL as alerts show it: no credentials, no fragment, and every
 * query value replaced by `redacted` (`?token=abc` → `?token=redacted`) —
 * integrators put API keys in query strings, and alerts go to third parties.
 * Pure; an unparsable URL is shown as `(invalid URL)`.
 */
export function alertUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const keys = [...parsed.searchParams.keys()];
  if (keys.length > 0) {
    parsed.search = keys.map((key) => `${encodeURIComponent(key)}=redacted`).join('&');
  }
  return parsed.toString();
}
