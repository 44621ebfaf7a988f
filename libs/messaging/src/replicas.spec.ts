import { describe, expect, it } from '@jest/globals';
import { replicasToApply } from './replicas.js';

describe('replicasToApply', () => {
  it('raises a stream to the configured replicas', () => {
    expect(replicasToApply(1, 3)).toBe(3);
  });

  it('never lowers an existing stream', () => {
    expect(replicasToApply(3, 1)).toBe(3);
    expect(replicasToApply(5, 3)).toBe(5);
  });

  it('treats a missing count as one replica', () => {
    expect(replicasToApply(undefined, 1)).toBe(1);
    expect(replicasToApply(undefined, 3)).toBe(3);
  });
});
