/**
 * Pure checks of a tenant's portal theme. The portal draws white text on the
 * primary colour (buttons, the header), so a colour is accepted only when
 * that text stays readable: WCAG 2 contrast of at least 4.5:1 against white.
 */
export const MIN_CONTRAST = 4.5;

/** `#rrggbb` (case-insensitive). */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return (
    0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
  );
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A `frame-ancestors` source: an origin (`https://host[:port]`, or `http://`
 * for localhost only), no path, query or wildcard beyond a leading `*.` label.
 */
export function frameAncestorProblem(value: string): string | null {
  const match = /^(https?):\/\/(\*\.)?([a-z0-9.-]+)(:\d{1,5})?$/i.exec(value);
  if (!match) return 'must be an origin like https://app.example.com (no path)';
  const [, scheme, , host] = match;
  const local = host === 'localhost' || host === '127.0.0.1';
  if (scheme!.toLowerCase() === 'http' && !local) return 'must use https (http only for localhost)';
  return null;
}
