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
});
