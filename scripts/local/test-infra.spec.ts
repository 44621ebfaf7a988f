import { describe, expect, it } from '@jest/globals';
import { clusterOnPort } from './test-infra.ts';

describe('clusterOnPort', () => {
  const listing = [
    '15  main    5433 down   postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log',
    '16  main    5432 online postgres /var/lib/postgresql/16/main /var/log/postgresql/postgresql-16-main.log',
    '',
  ].join('\n');

  it("finds the Debian cluster listening on the tests' port", () => {
    expect(clusterOnPort(listing, 5432)).toEqual({ version: '16', name: 'main' });
    expect(clusterOnPort(listing, 5433)).toEqual({ version: '15', name: 'main' });
  });

  it('finds none on another port, or when there are no clusters', () => {
    expect(clusterOnPort(listing, 5434)).toBeNull();
    expect(clusterOnPort('', 5432)).toBeNull();
  });
});
