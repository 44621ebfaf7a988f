/**
 * The portal session: the signed token from the link (`?token=`), kept in
 * sessionStorage for reloads inside this tab, never an API key. Every API
 * call sends it as `Authorization: Bearer`; a 401 ends the session.
 */
const KEY = 'herald.portal.token';

export function readToken() {
  const fromLink = new URLSearchParams(location.search).get('token');
  if (fromLink) {
    try {
      sessionStorage.setItem(KEY, fromLink);
    } catch {
      // Storage may be off (third-party iframe); the token stays in memory and the URL.
    }
    return fromLink;
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The token's claims, read (not verified: the API verifies) for display only. */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return null;
  }
}
