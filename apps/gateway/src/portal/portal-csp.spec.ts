import { describe, expect, it } from '@jest/globals';
import { portalCsp, redactPortalToken } from './portal-csp.js';

const directive = (csp: string, name: string) =>
  csp.split('; ').find((part) => part.startsWith(`${name} `));

describe('portalCsp', () => {
  it('allows no inline script and frames only by this origin without settings', () => {
    const csp = portalCsp(null);
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it("adds the tenant's frame-ancestors and its logo's origin", () => {
    const csp = portalCsp({
      frameAncestors: ['https://app.acme.test', 'http://localhost:3000'],
      logoUrl: 'https://cdn.acme.test/brand/logo.svg',
    });
    expect(directive(csp, 'frame-ancestors')).toBe(
      "frame-ancestors 'self' https://app.acme.test http://localhost:3000",
    );
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: https://cdn.acme.test");
  });

  it('drops anything that is not an origin, so no directive can be injected', () => {
    const csp = portalCsp({
      frameAncestors: ["https://a.test; script-src 'unsafe-inline'", '*'],
      logoUrl: 'javascript:alert(1)',
    });
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data:");
  });
});

describe('redactPortalToken', () => {
  it('keeps the path and other parameters but never the token', () => {
    expect(redactPortalToken('/portal/?token=eyJa.b.c&lang=es')).toBe(
      '/portal/?token=[redacted]&lang=es',
    );
    expect(redactPortalToken('/portal/?lang=pt&token=eyJa.b.c')).toBe(
      '/portal/?lang=pt&token=[redacted]',
    );
    expect(redactPortalToken('/v1/endpoints?limit=5')).toBe('/v1/endpoints?limit=5');
  });
});
