/**
 * The portal page's security headers, a pure function of the tenant's
 * portal settings. No inline script or style (the build emits none), nothing
 * from another origin except the tenant's logo, API calls to this origin
 * only, and framing by this origin plus the tenant's `frameAncestors`.
 */
export interface PortalFraming {
  frameAncestors: string[];
  logoUrl: string | null;
}

const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i;

function logoOrigin(logoUrl: string | null): string | null {
  if (!logoUrl) return null;
  try {
    const url = new URL(logoUrl);
    return url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export function portalCsp(framing: PortalFraming | null): string {
  // Settings come from the registry, which validated them; checked again
  // here because a header is no place for a stray `;`.
  const ancestors = (framing?.frameAncestors ?? []).filter((origin) => ORIGIN.test(origin));
  const logo = logoOrigin(framing?.logoUrl ?? null);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${logo ? ` ${logo}` : ''}`,
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self'${ancestors.map((origin) => ` ${origin}`).join('')}`,
  ].join('; ');
}

/** Headers of every portal response; the page adds its CSP and `no-store`. */
export const PORTAL_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** A request URL fit for a log line: a portal link's `token` is a credential. */
export function redactPortalToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}
