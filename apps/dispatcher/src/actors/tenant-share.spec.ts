import { describe, expect, it } from '@jest/globals';
import { guaranteedUnits, mayTakeShare } from './tenant-share.js';

describe('mayTakeShare', () => {
  it('never lets the tenant past its share', () => {
    expect(mayTakeShare({ tenant: 100, endpoint: 0 }, 100)).toBe(false);
    expect(mayTakeShare({ tenant: 4, endpoint: 4 }, 4)).toBe(false);
  });

  it('gives every endpoint its guaranteed units while the tenant is under its share', () => {
    expect(guaranteedUnits(100)).toBe(5);
    expect(guaranteedUnits(4)).toBe(1);
    expect(mayTakeShare({ tenant: 99, endpoint: 0 }, 100)).toBe(true);
    expect(mayTakeShare({ tenant: 99, endpoint: 4 }, 100)).toBe(true);
    expect(mayTakeShare({ tenant: 3, endpoint: 0 }, 4)).toBe(true);
  });

  it('lets a tenant’s only busy endpoint take the whole share', () => {
    expect(mayTakeShare({ tenant: 99, endpoint: 99 }, 100)).toBe(true);
  });

  it('keeps an endpoint past its guaranteed units off the share once the others hold more than half', () => {
    // Other endpoints hold 50: still allowed; 51: refused.
    expect(mayTakeShare({ tenant: 60, endpoint: 10 }, 100)).toBe(true);
    expect(mayTakeShare({ tenant: 61, endpoint: 10 }, 100)).toBe(false);
    expect(mayTakeShare({ tenant: 5, endpoint: 1 }, 6)).toBe(false);
    expect(mayTakeShare({ tenant: 4, endpoint: 1 }, 6)).toBe(true);
  });

  it('keeps an endpoint past its guaranteed units off the share once it holds a quarter, while others hold some', () => {
    expect(mayTakeShare({ tenant: 40, endpoint: 25 }, 100)).toBe(true);
    expect(mayTakeShare({ tenant: 41, endpoint: 26 }, 100)).toBe(false);
    expect(mayTakeShare({ tenant: 26, endpoint: 26 }, 100)).toBe(true);
  });

  it('gives an endpoint its equal part among the tenant’s holders while the tenant is under three quarters', () => {
    // Ten holders of a 1,000 share: an equal part is 100, though the others hold more than half.
    expect(mayTakeShare({ tenant: 700, endpoint: 70 }, 1_000, 10)).toBe(true);
    expect(mayTakeShare({ tenant: 749, endpoint: 99 }, 1_000, 10)).toBe(true);
    expect(mayTakeShare({ tenant: 749, endpoint: 100 }, 1_000, 10)).toBe(false);
    // At three quarters the equal parts stop: the old rule alone decides.
    expect(mayTakeShare({ tenant: 750, endpoint: 70 }, 1_000, 10)).toBe(false);
    // Without the holders counted, there are no equal parts.
    expect(mayTakeShare({ tenant: 700, endpoint: 70 }, 1_000)).toBe(false);
  });

  it('lets a group of hanging endpoints hold no more with equal parts than without, past three quarters', () => {
    // Endpoints that never give anything back take, in turn, every unit the rule allows.
    const fill = (hanging: number, share: number, holders?: number) => {
      const held = new Array<number>(hanging).fill(0);
      let tenant = 0;
      for (let progress = true; progress;) {
        progress = false;
        for (let i = 0; i < hanging; i++) {
          if (mayTakeShare({ tenant, endpoint: held[i]! }, share, holders)) {
            held[i]! += 1;
            tenant += 1;
            progress = true;
          }
        }
      }
      return tenant;
    };
    const share = 1_000;
    for (const hanging of [2, 3, 4, 5, 7, 10, 15, 19, 25]) {
      const withParts = fill(hanging, share, hanging + 1);
      const without = fill(hanging, share);
      expect(withParts).toBeLessThanOrEqual(Math.max(without, Math.floor((share * 3) / 4) + 1));
      // A healthy endpoint (the +1 holder) still finds room while the tenant is under its share.
      if (withParts < share)
        expect(mayTakeShare({ tenant: withParts, endpoint: 0 }, share, hanging + 1)).toBe(true);
    }
  });
});
